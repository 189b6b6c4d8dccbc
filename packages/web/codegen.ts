import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types every operation of the console from the committed schema. The output in `src/gql/` is
 * committed too, so a build needs no codegen step; run `pnpm --filter @twostep/web codegen`
 * after changing an operation or when the schema moves.
 */
const config: CodegenConfig = {
  schema: '../server/schema.graphql',
  // Operations live in `.graphql` files beside their feature; screens import the typed
  // `…Document` constants from `src/gql/graphql.ts`, which tree-shake (the `graphql()` map does not).
  documents: ['src/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        scalars: { DateTimeISO: 'string', ID: 'string', JSONObject: 'Record<string, unknown>' },
        defaultScalarType: 'unknown',
        strictScalars: true,
        nonOptionalTypename: true,
        skipTypeNameForRoot: true,
        avoidOptionals: { field: true, inputValue: false },
      },
    },
  },
};

export default config;
