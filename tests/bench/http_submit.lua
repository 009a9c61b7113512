-- wrk script for bench.sh's "http json submit/s": SubmitProposal over the
-- Connect protocol (JSON), each request with a request id of its own, into
-- the round budget-load --setup prepares (rounds/load).
--   BUDGET_TOKEN=... wrk -s tests/bench/http_submit.lua http://127.0.0.1:PORT
local token = os.getenv("BUDGET_TOKEN")
local counter = 0
local thread_id = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  wrk.method = "POST"
  wrk.path = "/budget.v1.ProposalService/SubmitProposal"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  counter = counter + 1
  local id = string.format("wrk-%d-%d-%d", os.time(), thread_id, counter)
  local body = string.format([[{"requestId": "%s", "parent": "rounds/load",
    "content": {"title": "Færre vikarer (belastningstest %s)", "category": "CATEGORY_VACANCIES",
      "committees": ["rounds/load/committees/socialudvalget"],
      "fullImplementationKr": "1000000",
      "effects": [{"year": 2024, "amountKr": "500000"}, {"year": 2025, "amountKr": "1000000"},
                  {"year": 2026, "amountKr": "1000000"}, {"year": 2027, "amountKr": "1000000"}],
      "implementationStart": {"year": 2024, "month": 1, "day": 1},
      "submitterKind": "SUBMITTER_ADMINISTRATION"}}]], id, id)
  return wrk.format(nil, nil, nil, body)
end
