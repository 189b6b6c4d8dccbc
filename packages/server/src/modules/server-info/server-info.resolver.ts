import { Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Limits, TOTP } from '@twostep/shared';
import { Public } from '../../core/graphql/surface.js';

@ObjectType({ description: 'Facts about this Twostep server that a client needs before signing in.' })
@Public()
export class ServerInfo {
  @Field(() => String, { description: 'The server version.' })
  version!: string;

  @Field(() => Int, { description: 'The shortest password accepted.' })
  minPasswordLength!: number;

  @Field(() => Int, { description: 'The largest page any connection returns.' })
  maxPageSize!: number;

  @Field(() => String, { description: 'The issuer shown in authenticator apps.' })
  totpIssuer!: string;
}

@Resolver()
export class ServerInfoResolver {
  @Query(() => ServerInfo, { description: 'Facts about this server; needs no sign-in.' })
  @Public()
  serverInfo(): ServerInfo {
    return {
      version: '0.1.0',
      minPasswordLength: Limits.minPasswordLength,
      maxPageSize: Limits.maxPageSize,
      totpIssuer: TOTP.issuer,
    };
  }
}
