-- Migration 1: the read model of budgetd's event log (docs/operations.md,
-- "PostgreSQL read model"). budget-pgsync runs this with search_path set to
-- its schema (default "budget"), so every name below lands there.
--
-- Conventions:
--   * Money is whole kroner in bigint; staff effects hundredths of an FTE.
--   * Keys are the ids inside resource names: rounds/{round_id}/proposals/{proposal_id}.
--     Full resource names are kept too (column "name") to join with the API.
--   * Enums are their proto names as text ("PROPOSAL_CLAIMED").
--   * Every entity table has "data": the whole entity in the proto JSON mapping
--     (field names as in the .proto; int64 as strings), so a field added to the
--     API appears there without a migration. Fields the API computes at read
--     time from its clock (gate status, hearing state, per-body hearing status)
--     are not stored: they depend on when you ask.
--   * budget-pgsync alone writes here; readers only read.

CREATE TABLE sync_state (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  position bigint NOT NULL,            -- the last log position applied
  hash text NOT NULL,                  -- its SHA-256 (hex): the chain link to resume from
  recorded_at timestamptz,             -- when budgetd recorded it
  committed_at timestamptz,            -- when it was committed here
  source text NOT NULL DEFAULT ''      -- the budgetd address it came from
);
INSERT INTO sync_state (position, hash) VALUES (0, repeat('0', 64));

-- Every event, as budgetd's AuditService.ReadLog shows it.
CREATE TABLE events (
  position bigint PRIMARY KEY,
  stream text NOT NULL,
  version bigint NOT NULL,
  type text NOT NULL,
  recorded_at timestamptz NOT NULL,
  actor text NOT NULL,
  request_id text NOT NULL,
  round_id text NOT NULL,
  payload jsonb NOT NULL,
  hash text NOT NULL,
  prev_hash text NOT NULL
);
CREATE INDEX events_stream ON events (stream, version);
CREATE INDEX events_round ON events (round_id, position);
CREATE INDEX events_type ON events (type, position);

CREATE TABLE rounds (
  round_id text PRIMARY KEY,
  name text NOT NULL,
  municipality text NOT NULL,
  budget_year int NOT NULL,
  period_first_year int NOT NULL,
  period_last_year int NOT NULL,
  catalogue_target_kr bigint NOT NULL,
  raaderum_target_kr bigint NOT NULL,
  cross_cutting_target_bp int NOT NULL,
  centre_own_share_bp int NOT NULL,
  created_at timestamptz,
  created_by text NOT NULL,
  proposal_count int NOT NULL,
  pool_formed_at timestamptz,
  selection_approved_at timestamptz,
  adopted_at timestamptz,
  log_position bigint NOT NULL,
  data jsonb NOT NULL
);

CREATE TABLE committees (
  round_id text NOT NULL,
  committee_id text NOT NULL,
  name text NOT NULL,
  display_name text NOT NULL,
  operating_frame_kr bigint NOT NULL,
  shortfall_kr bigint NOT NULL,
  expansion_frame_kr bigint NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (round_id, committee_id)
);

CREATE TABLE centres (
  round_id text NOT NULL,
  centre_id text NOT NULL,
  name text NOT NULL,
  display_name text NOT NULL,
  committee_id text NOT NULL,
  budget_kr bigint NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (round_id, centre_id)
);

CREATE TABLE workplaces (
  round_id text NOT NULL,
  workplace_id text NOT NULL,
  name text NOT NULL,
  display_name text NOT NULL,
  centre_id text NOT NULL,
  committee_id text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (round_id, workplace_id)
);

CREATE TABLE milestones (
  round_id text NOT NULL,
  kind text NOT NULL,
  planned_at timestamptz,
  reached_at timestamptz,
  reached_by text NOT NULL,
  PRIMARY KEY (round_id, kind)
);

-- Proposals as they stand now.
CREATE TABLE proposals (
  round_id text NOT NULL,
  proposal_id text NOT NULL,
  name text NOT NULL,
  title text NOT NULL,
  category text NOT NULL,
  status text NOT NULL,
  version bigint NOT NULL,
  cross_cutting boolean NOT NULL,
  full_implementation_kr bigint NOT NULL,
  staff_reduction_fte_hundredths bigint NOT NULL,
  submitter_kind text NOT NULL,
  implementation_start date,
  committee_ids text[] NOT NULL,
  centre_ids text[] NOT NULL,
  workplace_ids text[] NOT NULL,
  submitted_by text NOT NULL,
  created_at timestamptz,
  updated_at timestamptz,
  withdrawn_at timestamptz,
  withdrawal_reason text NOT NULL,
  claim_committee_id text,
  claimed_at timestamptz,
  claimed_by text,
  in_pool boolean NOT NULL,
  selected boolean NOT NULL,
  decision text,
  decided_at timestamptz,
  log_position bigint NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (round_id, proposal_id)
);
CREATE INDEX proposals_claim ON proposals (round_id, claim_committee_id);

-- Every version of every proposal's content: 1 when submitted, one per amendment.
CREATE TABLE proposal_versions (
  round_id text NOT NULL,
  proposal_id text NOT NULL,
  version bigint NOT NULL,
  position bigint NOT NULL,
  recorded_at timestamptz NOT NULL,
  actor text NOT NULL,
  title text NOT NULL,
  full_implementation_kr bigint NOT NULL,
  content jsonb NOT NULL,
  PRIMARY KEY (round_id, proposal_id, version)
);

-- The current yearly effects: one row per proposal and year of the period.
CREATE TABLE proposal_effects (
  round_id text NOT NULL,
  proposal_id text NOT NULL,
  year int NOT NULL,
  amount_kr bigint NOT NULL,
  PRIMARY KEY (round_id, proposal_id, year)
);

CREATE TABLE hearings (
  round_id text NOT NULL,
  hearing_id text NOT NULL,
  name text NOT NULL,
  title text NOT NULL,
  spring boolean NOT NULL,
  proposal_ids text[] NOT NULL,
  deadline timestamptz,
  opened_at timestamptz,
  opened_by text NOT NULL,
  closed_at timestamptz,
  close_reason text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (round_id, hearing_id)
);

CREATE TABLE hearing_bodies (
  round_id text NOT NULL,
  hearing_id text NOT NULL,
  body text NOT NULL,
  kind text NOT NULL,
  display_name text NOT NULL,
  PRIMARY KEY (round_id, hearing_id, body)
);

-- Every version of every response.
CREATE TABLE hearing_responses (
  round_id text NOT NULL,
  hearing_id text NOT NULL,
  proposal_id text NOT NULL,
  body text NOT NULL,
  version int NOT NULL,
  stance text NOT NULL,
  text text NOT NULL,
  attachments text[] NOT NULL,
  proposal_version bigint NOT NULL,
  submitted_at timestamptz,
  submitted_by text NOT NULL,
  PRIMARY KEY (round_id, hearing_id, proposal_id, body, version)
);

CREATE TABLE meetings (
  round_id text NOT NULL,
  meeting_id text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  date date,
  participants text[] NOT NULL,
  proposal_ids text[] NOT NULL,
  minutes text NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz,
  data jsonb NOT NULL,
  PRIMARY KEY (round_id, meeting_id)
);

CREATE TABLE questions (
  round_id text NOT NULL,
  question_id text NOT NULL,
  name text NOT NULL,
  proposal_id text NOT NULL,
  meeting_id text NOT NULL,
  text text NOT NULL,
  asked_by text NOT NULL,
  asked_at timestamptz,
  answer text NOT NULL,
  answered_by text NOT NULL,
  answered_at timestamptz,
  PRIMARY KEY (round_id, question_id)
);

CREATE TABLE expansions (
  round_id text NOT NULL,
  expansion_id text NOT NULL,
  name text NOT NULL,
  title text NOT NULL,
  committee_id text NOT NULL,
  status text NOT NULL,
  full_implementation_kr bigint NOT NULL,
  requested_by text NOT NULL,
  requested_at timestamptz,
  costed_by text NOT NULL,
  costed_at timestamptz,
  decided_at timestamptz,
  decision_reason text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (round_id, expansion_id)
);

CREATE TABLE expansion_costs (
  round_id text NOT NULL,
  expansion_id text NOT NULL,
  year int NOT NULL,
  amount_kr bigint NOT NULL,
  PRIMARY KEY (round_id, expansion_id, year)
);

-- The readings in order (seq 1..4) and the amendments adopted at each.
CREATE TABLE readings (
  round_id text NOT NULL,
  seq int NOT NULL,
  kind text NOT NULL,
  date date,
  outcome text NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz,
  PRIMARY KEY (round_id, seq)
);

CREATE TABLE reading_amendments (
  round_id text NOT NULL,
  reading_seq int NOT NULL,
  seq int NOT NULL,
  subject text NOT NULL,
  amount_kr bigint NOT NULL,
  description text NOT NULL,
  PRIMARY KEY (round_id, reading_seq, seq)
);

-- Technical corrections a-k of the committees' frames (rule 11).
CREATE TABLE corrections (
  round_id text NOT NULL,
  correction_id text NOT NULL,
  name text NOT NULL,
  committee_id text NOT NULL,
  kind text NOT NULL,
  state text NOT NULL,
  reason text NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz,
  decided_by text NOT NULL,
  decision_reason text NOT NULL,
  decided_at timestamptz,
  data jsonb NOT NULL,
  PRIMARY KEY (round_id, correction_id)
);

CREATE TABLE correction_amounts (
  round_id text NOT NULL,
  correction_id text NOT NULL,
  year int NOT NULL,
  amount_kr bigint NOT NULL,
  PRIMARY KEY (round_id, correction_id, year)
);

-- The round summary, written from the domain's own Summarize (the function
-- behind GetRoundSummary): the same figures to the krone, one rule in one
-- place. year 0 is full implementation (rule 6), else a budget year.
CREATE TABLE round_summaries (
  round_id text PRIMARY KEY,
  log_position bigint NOT NULL,
  proposal_count int NOT NULL,
  withdrawn_count int NOT NULL,
  pool_formed boolean NOT NULL,
  selection_approved boolean NOT NULL,
  summary jsonb NOT NULL
);

CREATE TABLE round_totals (
  round_id text NOT NULL,
  year int NOT NULL,
  catalogue_kr bigint NOT NULL,
  catalogue_target_kr bigint NOT NULL,
  catalogue_remaining_kr bigint NOT NULL,
  cross_cutting_kr bigint NOT NULL,
  cross_cutting_share_bp int NOT NULL,
  cross_cutting_target_bp int NOT NULL,
  claimed_kr bigint NOT NULL,
  pool_kr bigint NOT NULL,
  selected_kr bigint NOT NULL,
  approved_kr bigint NOT NULL,
  raaderum_target_kr bigint NOT NULL,
  raaderum_remaining_kr bigint NOT NULL,
  PRIMARY KEY (round_id, year)
);

CREATE TABLE committee_totals (
  round_id text NOT NULL,
  year int NOT NULL,
  committee_id text NOT NULL,
  display_name text NOT NULL,
  shortfall_kr bigint NOT NULL,
  claimed_kr bigint NOT NULL,
  remaining_gap_kr bigint NOT NULL,
  original_frame_kr bigint NOT NULL,
  corrections_kr bigint NOT NULL,
  resulting_frame_kr bigint NOT NULL,
  expansion_frame_kr bigint NOT NULL,
  costed_expansions_kr bigint NOT NULL,
  expansions_over_frame boolean NOT NULL,
  PRIMARY KEY (round_id, year, committee_id)
);

CREATE TABLE centre_totals (
  round_id text NOT NULL,
  year int NOT NULL,
  centre_id text NOT NULL,
  display_name text NOT NULL,
  budget_kr bigint NOT NULL,
  own_target_kr bigint NOT NULL,
  own_proposals_kr bigint NOT NULL,
  remaining_kr bigint NOT NULL,
  PRIMARY KEY (round_id, year, centre_id)
);

-- Views over the base tables: the figures people ask for.

-- The claims in force (rule 2): one row per claimed proposal.
CREATE VIEW claims AS
  SELECT round_id, proposal_id, claim_committee_id AS committee_id, claimed_at, claimed_by,
         full_implementation_kr
    FROM proposals WHERE claim_committee_id IS NOT NULL;

-- The cross-cutting pool: every proposal in it when it formed.
CREATE VIEW pool AS
  SELECT round_id, proposal_id, title, status, full_implementation_kr, selected, decision
    FROM proposals WHERE in_pool;

-- The council's selection and its decisions (rule 5).
CREATE VIEW selection AS
  SELECT round_id, proposal_id, title, full_implementation_kr, selected, decision, decided_at
    FROM proposals WHERE selected OR decision IS NOT NULL;

-- Claimed vs shortfall per committee (rules 2-3), at full implementation.
CREATE VIEW claimed_vs_shortfall AS
  SELECT c.round_id, c.committee_id, c.display_name, c.shortfall_kr,
         coalesce(sum(p.full_implementation_kr), 0)::bigint AS claimed_kr,
         (c.shortfall_kr - coalesce(sum(p.full_implementation_kr), 0))::bigint AS remaining_gap_kr,
         count(p.proposal_id)::int AS claimed_proposals
    FROM committees c
    LEFT JOIN proposals p ON p.round_id = c.round_id AND p.claim_committee_id = c.committee_id
                         AND p.withdrawn_at IS NULL
   GROUP BY c.round_id, c.committee_id, c.display_name, c.shortfall_kr;

-- The catalogue (every proposal not withdrawn) per category: at full
-- implementation, and per year of the period from the yearly effects.
CREATE VIEW catalogue_by_category AS
  SELECT p.round_id, p.category, count(*)::int AS proposals,
         sum(p.full_implementation_kr)::bigint AS full_implementation_kr,
         count(*) FILTER (WHERE p.cross_cutting)::int AS cross_cutting_proposals
    FROM proposals p
   WHERE p.withdrawn_at IS NULL
   GROUP BY p.round_id, p.category;

CREATE VIEW catalogue_by_category_and_year AS
  SELECT p.round_id, p.category, e.year, sum(e.amount_kr)::bigint AS amount_kr
    FROM proposals p JOIN proposal_effects e USING (round_id, proposal_id)
   WHERE p.withdrawn_at IS NULL
   GROUP BY p.round_id, p.category, e.year;

-- The round summary at full implementation, one row per round.
CREATE VIEW round_summary AS
  SELECT s.round_id, s.log_position, s.proposal_count, s.withdrawn_count, s.pool_formed,
         s.selection_approved, t.catalogue_kr, t.catalogue_target_kr, t.catalogue_remaining_kr,
         t.cross_cutting_kr, t.cross_cutting_share_bp, t.cross_cutting_target_bp, t.claimed_kr,
         t.pool_kr, t.selected_kr, t.approved_kr, t.raaderum_target_kr, t.raaderum_remaining_kr
    FROM round_summaries s JOIN round_totals t ON t.round_id = s.round_id AND t.year = 0;
