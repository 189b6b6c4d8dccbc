import { MembershipKind, Role } from '@twostep/shared';

/**
 * The demo organization. Its accounts share one password and, where they have 2FA, one published
 * TOTP secret, so anyone can try the demo. Demo data only: the seed never runs in production.
 */
export const DEMO = {
  organization: 'Acme Corporation',
  password: 'twostep-demo-password',
  /** Base32, 160 bits. Published in the README on purpose. */
  totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  administrator: 'admin@acme.example',
  legalRepresentative: 'lea.legal@acme.example',
} as const;

export interface DemoMember {
  email: string;
  displayName: string;
  role: Role;
  kind: MembershipKind;
  twoFactor: boolean;
}

const firstNames = [
  'Ada',
  'Bruno',
  'Chloé',
  'Dmitri',
  'Elif',
  'Farid',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Keiko',
  'Luca',
  'Maya',
  'Nils',
  'Olga',
  'Pedro',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoë',
  'Amir',
  'Bea',
  'Carlos',
  'Dana',
  'Emil',
  'Fatima',
  'Gustav',
  'Hana',
  'Igor',
  'Julia',
];
const lastNames = [
  'Lovelace',
  'Keller',
  'Martin',
  'Ivanov',
  'Yilmaz',
  'Haddad',
  'Berg',
  'Tanaka',
  'Silva',
  'Weber',
  'Sato',
  'Rossi',
  'Cohen',
  'Larsen',
  'Petrova',
  'Alves',
  'Moreau',
  'Costa',
  'Lind',
  'Singh',
  'Nair',
  'Novak',
  'Li',
  'Garcia',
  'Demir',
  'Dubois',
  'Karimi',
  'Fischer',
  'Lopez',
  'Klein',
  'Schmid',
  'Rahman',
  'Olsen',
  'Kim',
  'Orlov',
  'Meyer',
];

export function demoMembers(): DemoMember[] {
  const members: DemoMember[] = [
    {
      email: DEMO.legalRepresentative,
      displayName: 'Léa Legal',
      role: Role.LEGAL_REPRESENTATIVE,
      kind: MembershipKind.INTERNAL,
      twoFactor: true,
    },
    { email: DEMO.administrator, displayName: 'Alex Admin', role: Role.ADMINISTRATOR, kind: MembershipKind.INTERNAL, twoFactor: true },
    { email: 'sam.noauth@acme.example', displayName: 'Sam Without2FA', role: Role.USER, kind: MembershipKind.INTERNAL, twoFactor: false },
    {
      email: 'erin.external@partner.example',
      displayName: 'Erin External',
      role: Role.USER,
      kind: MembershipKind.EXTERNAL,
      twoFactor: false,
    },
  ];
  firstNames.forEach((first, i) => {
    const last = lastNames[i]!;
    const external = i % 7 === 3;
    members.push({
      email: `${first
        .normalize('NFD')
        .replace(/[^A-Za-z]/g, '')
        .toLowerCase()}.${last.toLowerCase()}@${external ? 'partner.example' : 'acme.example'}`,
      displayName: `${first} ${last}`,
      role: i % 12 === 0 ? Role.ADMINISTRATOR : i === 5 ? Role.LEGAL_REPRESENTATIVE : Role.USER,
      kind: external ? MembershipKind.EXTERNAL : MembershipKind.INTERNAL,
      twoFactor: i % 3 !== 1,
    });
  });
  return members;
}
