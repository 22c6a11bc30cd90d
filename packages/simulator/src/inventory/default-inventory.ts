/**
 * The built-in inventory: a production and a DR cluster with four access zones. Three zones
 * replicate production → dr, one (media) the other way. The engineering zone carries a readiness
 * warning, so the default `blockonwarnings=true` blocks its failover, as on a real appliance.
 */
import { type Inventory, parseInventory } from './inventory.js';

const production = 'production_005056b4aa4369988a664106c21f470db369';
const dr = 'dr_005056b4bb5478a99b775217d32f581ec47a';

/** The inventory as it would be written in a JSON file. */
export const defaultInventoryJson = {
  nodes: [
    { id: production, name: 'production', ip: '10.20.30.40' },
    { id: dr, name: 'dr', ip: '10.50.60.70' },
  ],
  zones: [
    {
      id: `${production}_zone-finance`,
      name: 'finance',
      source: production,
      target: dr,
      policies: [
        { id: `${production}_finance-sync`, name: 'finance-sync', path: '/ifs/data/finance' },
        { id: `${production}_finance-archive`, name: 'finance-archive', path: '/ifs/data/finance-archive' },
      ],
      pools: [
        {
          id: 'groupnet0:subnet0:pool-finance',
          smartConnectZone: 'finance.corp.example.com',
          policies: [`${production}_finance-sync`, `${production}_finance-archive`],
        },
      ],
    },
    {
      id: `${production}_zone-engineering`,
      name: 'engineering',
      source: production,
      target: dr,
      readiness: {
        status: 'WARNING',
        reason: 'SmartConnect zone alias missing on target.',
        check: 'SmartConnect zone aliases',
      },
      policies: [
        { id: `${production}_eng-home`, name: 'eng-home', path: '/ifs/data/engineering/home' },
        { id: `${production}_eng-builds`, name: 'eng-builds', path: '/ifs/data/engineering/builds' },
      ],
      pools: [
        {
          id: 'groupnet0:subnet0:pool-eng',
          smartConnectZone: 'eng.corp.example.com',
          policies: [`${production}_eng-home`],
        },
        {
          id: 'groupnet0:subnet1:pool-eng-ci',
          smartConnectZone: 'ci.eng.corp.example.com',
          policies: [`${production}_eng-builds`],
        },
      ],
    },
    {
      id: `${production}_zone-hr`,
      name: 'hr',
      source: production,
      target: dr,
      policies: [{ id: `${production}_hr-data`, name: 'hr-data', path: '/ifs/data/hr' }],
      pools: [
        {
          id: 'groupnet0:subnet0:pool-hr',
          smartConnectZone: 'hr.corp.example.com',
          policies: [`${production}_hr-data`],
        },
      ],
    },
    {
      id: `${dr}_zone-media`,
      name: 'media',
      source: dr,
      target: production,
      policies: [
        {
          id: `${dr}_media-assets`,
          name: 'media-assets',
          path: '/ifs/data/media',
          readiness: { status: 'INFO', reason: 'The policy runs on a manual schedule.', check: 'Policy schedule' },
        },
      ],
      pools: [
        {
          id: 'groupnet0:subnet0:pool-media',
          smartConnectZone: 'media.corp.example.com',
          policies: [`${dr}_media-assets`],
        },
      ],
    },
  ],
};

/** The built-in inventory, checked like any inventory file. */
export function defaultInventory(): Inventory {
  return parseInventory(defaultInventoryJson, 'built-in inventory');
}
