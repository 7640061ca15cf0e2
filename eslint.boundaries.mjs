// Which project tags may depend on which (shared by the root and the web app's ESLint configs).
const io = ['@nestjs/*', 'mongoose', 'mongodb', 'bullmq', 'ioredis', '@nats-io/*', 'express', 'pino'];

export const depConstraints = [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'], bannedExternalImports: io },
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'],
    bannedExternalImports: io,
  },
  {
    sourceTag: 'type:sandbox',
    onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:sandbox'],
    bannedExternalImports: ['@nestjs/*', 'mongoose', 'mongodb', 'bullmq', 'ioredis', '@nats-io/*', 'express'],
  },
  {
    sourceTag: 'type:server-lib',
    onlyDependOnLibsWithTags: ['type:server-lib', 'type:domain', 'type:contracts', 'type:sandbox'],
  },
  {
    sourceTag: 'type:service',
    onlyDependOnLibsWithTags: ['type:server-lib', 'type:domain', 'type:contracts', 'type:sandbox'],
  },
  {
    sourceTag: 'type:app-web',
    onlyDependOnLibsWithTags: ['type:web-lib', 'type:contracts', 'type:domain'],
    bannedExternalImports: io,
  },
  { sourceTag: 'type:web-lib', onlyDependOnLibsWithTags: ['type:web-lib', 'type:contracts', 'type:domain'], bannedExternalImports: io },
  { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: ['type:contracts'], bannedExternalImports: io },
  { sourceTag: 'type:cli', onlyDependOnLibsWithTags: ['type:sdk', 'type:contracts'], bannedExternalImports: io },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
];
