-- 0001_schemas: the four product schemas and the operational one.
-- Safe while jobs run: only creates schemas that do not exist yet.
--
--   goblin       market: auction snapshots, prices, statistics, the ledger
--   skillweaver  characters' performance: gear, logs, Great Vault
--   petweaver    battle pets: species, breeds, owned pets, teams
--   holocron     inventory: characters, storage locations, item stacks, logistics queue
--   ops          how holocron itself runs: migrations, scraper log, benchmarks, seeder status
-- Modules meet through SQL views; each schema's tables belong to one module.

CREATE SCHEMA IF NOT EXISTS goblin;
COMMENT ON SCHEMA goblin IS 'Market data: auction snapshots, per-item statistics, token prices, ledger';

CREATE SCHEMA IF NOT EXISTS skillweaver;
COMMENT ON SCHEMA skillweaver IS 'Character performance: gear, combat logs, Great Vault';

CREATE SCHEMA IF NOT EXISTS petweaver;
COMMENT ON SCHEMA petweaver IS 'Battle pets: species, breeds, owned pets, saved teams';

CREATE SCHEMA IF NOT EXISTS holocron;
COMMENT ON SCHEMA holocron IS 'Inventory and logistics: characters, locations, item stacks, jobs';

CREATE SCHEMA IF NOT EXISTS ops;
COMMENT ON SCHEMA ops IS 'Operational tables: migrations, scraper log, benchmarks, seeder status';
