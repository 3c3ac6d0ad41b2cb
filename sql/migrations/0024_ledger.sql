-- 0024_ledger: TradeSkillMaster's accounting (sales, buys, income, expenses,
-- expired and cancelled auctions) kept as a ledger of our own. TSM trims its
-- rows (about 50,000 per kind) and the file only ever holds the newest ones,
-- so this table is the long memory: ingest adds, never deletes.
-- Safe while jobs run (new objects only).

CREATE TABLE goblin.ledger (
  kind            text NOT NULL CHECK (kind IN ('sale', 'buy', 'income', 'expense', 'expired', 'cancelled')),
  realm           text NOT NULL,            -- as TSM names it (r@<Realm>@…): the realm the row was saved for
  realm_key       text NOT NULL,            -- lower case, letters and digits only (joins goblin.realms and holocron.characters)
  character       text NOT NULL,            -- TSM's `player`: the character's name without realm
  -- The item as TSM wrote it (i:ID, i:ID::bonus…, i:ID::iLVL, p:species:level:quality);
  -- NULL for income and expense, which are money only.
  item_string     text,
  item_id         integer,                  -- 82800 (pet cage) for battle pets, as in the inventory
  pet_species_id  integer NOT NULL DEFAULT 0,
  pet_level       smallint,
  pet_quality     smallint,
  bonus_key       text,                     -- what follows i:ID, e.g. ::1:9046:1:9:30; NULL for a base item
  bonus_ids       integer[],
  item_level      integer,                  -- from the i:ID::iLVL form only
  stack_size      integer,
  quantity        integer NOT NULL CHECK (quantity >= 0),
  -- Copper per unit for sales and buys, the amount for income and expense
  -- (quantity 1); NULL for expired and cancelled auctions.
  price           bigint CHECK (price >= 0),
  amount          bigint GENERATED ALWAYS AS (price * quantity) STORED,
  other_player    text,                     -- buyer, seller, or Merchant / Mission
  -- Sales and buys: Auction, COD, Trade, Vendor. Income and expense: TSM's
  -- type (Money Transfer, Postage, Repair Bill, Garrison).
  source          text,
  occurred_at     timestamptz NOT NULL,
  account         text,                     -- the WoW account whose file first brought the row
  -- holocron.source_files.file_id of that file. Not a foreign key: checking
  -- it row by row (100,000 lookups FOR KEY SHARE of the same row) cost about
  -- as much as the insert itself, and holocron never deletes source files.
  file_id         bigint,
  ingested_at     timestamptz NOT NULL DEFAULT now(),
  -- The natural key: TSM gives a row no id, so a row is what it says:
  -- (kind, realm, character, item_string, stack_size, price, other_player,
  -- source, occurred_at). Every field but quantity is in it, because TSM
  -- merges a new sale into a row of the same item, stack, price, players and
  -- source less than 300 s old by raising that row's quantity: the newer file
  -- then holds the same row with a larger quantity, which must update ours
  -- (ingest keeps the larger), not add a second row. Two rows differing only
  -- in quantity at the same second cannot exist in a TSM file for the same
  -- reason. row_key is the MD5 of those fields (NULL and '' told apart; see
  -- ROW_KEY in src/core/goblin/ledger/store.ts), so the one unique index
  -- is 16 bytes wide: over the nine columns themselves the merge of 100,000
  -- rows took several times as long (text comparisons under the database's
  -- collation, and a sort to drop a file's repeated rows).
  row_key         uuid PRIMARY KEY
);

-- Rows arrive in time order (each of a file's CSV strings is, and newer
-- files bring newer rows), so a BRIN index finds a time window
-- as a btree would for the few files a user has, and costs less to keep up.
CREATE INDEX ledger_time ON goblin.ledger USING brin (occurred_at);

-- Gold in (sales, income) and out (buys, expenses) per character and day,
-- with rates over the 7 and 30 days ending that day (sums over the window
-- divided by its length, so quiet days count as zero). Days are UTC.
CREATE VIEW goblin.view_gold_velocity AS
WITH daily AS (
  SELECT realm, realm_key, character, (occurred_at AT TIME ZONE 'UTC')::date AS day,
         coalesce(sum(amount) FILTER (WHERE kind = 'sale'), 0)::bigint AS sales,
         coalesce(sum(amount) FILTER (WHERE kind = 'income'), 0)::bigint AS income,
         coalesce(sum(amount) FILTER (WHERE kind = 'buy'), 0)::bigint AS buys,
         coalesce(sum(amount) FILTER (WHERE kind = 'expense'), 0)::bigint AS expenses
  FROM goblin.ledger
  WHERE kind IN ('sale', 'income', 'buy', 'expense')
  GROUP BY realm, realm_key, character, day
),
flows AS (
  SELECT d.*, d.sales + d.income AS gold_in, d.buys + d.expenses AS gold_out FROM daily d
)
SELECT realm, realm_key, character, day, sales, income, buys, expenses, gold_in, gold_out, gold_in - gold_out AS net,
       round(sum(gold_in) OVER w7 / 7.0) AS gold_in_per_day_7d,
       round(sum(gold_out) OVER w7 / 7.0) AS gold_out_per_day_7d,
       round(sum(gold_in - gold_out) OVER w7 / 7.0) AS net_per_day_7d,
       round(sum(gold_in) OVER w30 / 30.0) AS gold_in_per_day_30d,
       round(sum(gold_out) OVER w30 / 30.0) AS gold_out_per_day_30d,
       round(sum(gold_in - gold_out) OVER w30 / 30.0) AS net_per_day_30d
FROM flows
WINDOW w7 AS (PARTITION BY realm, character ORDER BY day RANGE BETWEEN INTERVAL '6 days' PRECEDING AND CURRENT ROW),
       w30 AS (PARTITION BY realm, character ORDER BY day RANGE BETWEEN INTERVAL '29 days' PRECEDING AND CURRENT ROW);

-- The account's sellable holdings per region and item, valued as the
-- liquidation plan values them (0019), and weighted by how fast the region
-- buys them: days_to_liquidate = units / sold per day, and liquid_value_7d
-- is the share of the value the market absorbs in a week at that rate
-- (assuming we sell no faster than everyone's sales of it so far). Items
-- without a sales rate are held but not liquid: their weight is 0.
-- sold_per_day is the best market among the holders' realms (commodities:
-- the region's).
CREATE VIEW goblin.view_asset_liquidity AS
WITH held AS (
  SELECT region, item_id, pet_species_id, max(item_name) AS item_name,
         sum(count)::bigint AS units_held, sum(sell_count)::bigint AS units_sellable,
         sum(value)::bigint AS value, max(sold_per_day) AS sold_per_day
  FROM goblin.view_liquidatable_assets
  WHERE exclusion IS NULL AND sell_count > 0
  GROUP BY region, item_id, pet_species_id
)
SELECT region, item_id, pet_species_id, item_name, units_held, units_sellable, value,
       round(value::numeric / nullif(units_sellable, 0)) AS unit_value,
       sold_per_day,
       round((units_sellable / nullif(sold_per_day, 0))::numeric, 1) AS days_to_liquidate,
       round(least(1, coalesce(7 * sold_per_day / units_sellable, 0))::numeric, 3) AS liquidity_7d,
       round(value * least(1, coalesce(7 * sold_per_day / units_sellable, 0)))::bigint AS liquid_value_7d
FROM held;
