/**
 * Demo data for a first start outside production: one organization of about forty members across
 * every role and kind, some with 2FA. Its password and TOTP secret are published in the README.
 */
export { seedDemo, demoCode } from './demo.seed.js';
export { DEMO, demoMembers } from './demo-data.js';
