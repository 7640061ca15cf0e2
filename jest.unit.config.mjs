import { preset } from './jest.preset.mjs';

export default preset({ displayName: 'unit', testMatch: ['**/src/**/*.spec.ts'] });
