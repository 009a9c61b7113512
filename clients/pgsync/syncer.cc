#include "clients/pgsync/syncer.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "clients/pgsync/log_stream.h"
#include "services/common/log.h"
#include "services/domain/time_util.h"

namespace budget::pgsync {
namespace {

// Errors that another try cannot fix: stop and say so.
bool Fatal(const absl::Status& s) {
  return absl::IsDataLoss(s) || absl::IsFailedPrecondition(s) || absl::IsUnauthenticated(s) ||
         absl::IsPermissionDenied(s) || absl::IsInvalidArgument(s);
}

std::string Text(const absl::Status& s) { return s.ToString(); }

}  // namespace

struct Syncer::Progress {
  // Failed tries in a row, for the backoff.
  int attempts = 0;
};

Syncer::Syncer(SyncOptions options, Metrics* metrics)
    : options_(std::move(options)), stub_(v1::AuditService::NewStub(options_.channel)) {
  metrics->Gauge("pgsync_position", "The last log position committed to PostgreSQL.",
                 [this] { return static_cast<double>(applied_.load()); });
  metrics->Gauge("pgsync_head_position", "budgetd's log head, as last probed (every second).",
                 [this] { return static_cast<double>(head_.load()); });
  metrics->Gauge("pgsync_lag_events", "Events in budgetd's log not yet in PostgreSQL.", [this] {
    const uint64_t head = head_.load(), applied = applied_.load();
    return head > applied ? static_cast<double>(head - applied) : 0.0;
  });
  metrics->Gauge("pgsync_lag_seconds",
                 "Age of the oldest event received and not yet committed (budgetd's clock "
                 "against pgsync's); 0 when there is none.",
                 [this] {
                   const int64_t since = pending_since_micros_.load();
                   if (since == 0) return 0.0;
                   return std::max(
                       0.0, absl::ToDoubleSeconds(absl::Now() - absl::FromUnixMicros(since)));
                 });
  events_total_ = &metrics->Counter("pgsync_events_total", "Events committed to PostgreSQL.");
  batches_total_ = &metrics->Counter("pgsync_batches_total", "Transactions committed.");
  budgetd_reconnects_ = &metrics->Counter(
      "pgsync_reconnects_total", "Connections made again, by peer.", {{"peer", "budgetd"}});
  postgres_reconnects_ = &metrics->Counter(
      "pgsync_reconnects_total", "Connections made again, by peer.", {{"peer", "postgresql"}});
  batch_seconds_ =
      &metrics->Histogram("pgsync_batch_seconds", "Time to build and commit one transaction.",
                          Metrics::LatencyBuckets());
}

absl::Status Syncer::Run(const std::atomic<bool>& stop) {
  Progress progress;
  while (!stop.load()) {
    absl::Status s = Follow(stop, progress);
    if (s.ok()) return s;
    if (Fatal(s)) {
      log::Error("pgsync_stopped", {{"error", Text(s)}});
      return s;
    }
    log::Warning("pgsync_retry",
                 {{"error", Text(s)}, {"attempt", absl::StrCat(progress.attempts)}});
    Backoff(stop, ++progress.attempts);
  }
  return absl::OkStatus();
}

void Syncer::Backoff(const std::atomic<bool>& stop, int attempt) {
  absl::Duration wait = options_.min_backoff;
  for (int i = 1; i < attempt && wait < options_.max_backoff; ++i) wait *= 2;
  const absl::Time until = absl::Now() + std::min(wait, options_.max_backoff);
  while (!stop.load() && absl::Now() < until) absl::SleepFor(absl::Milliseconds(20));
}

absl::Status Syncer::Connect(const std::atomic<bool>& /*stop*/) {
  if (pg_ == nullptr) {
    absl::StatusOr<std::unique_ptr<PgConnection>> pg = PgConnection::Connect(options_.conninfo);
    if (!pg.ok()) return pg.status();
    pg_ = std::move(*pg);
    model_ = std::make_unique<ReadModel>(pg_.get(), options_.schema);
  }
  absl::StatusOr<SyncPoint> committed = model_->Committed();
  if (!committed.ok()) {
    if (absl::IsUnavailable(committed.status())) pg_.reset();
    return committed.status();
  }
  committed_ = *committed;
  applied_ = committed_.position;
  // Memory ahead of PostgreSQL (its position moved back: a rebuild swapped
  // the schema in) is rebuilt from the log; behind it catches up unwritten.
  if (projection_ == nullptr || projection_->position() > committed_.position) {
    if (projection_ != nullptr) {
      log::Warning("pgsync_resync", {{"memory", absl::StrCat(projection_->position())},
                                     {"postgresql", absl::StrCat(committed_.position)}});
    }
    projection_ = std::make_unique<Projection>();
  }
  return absl::OkStatus();
}

void Syncer::ProbeHeadEvery(absl::Duration period) {
  if (absl::Now() - last_probe_ < period) return;
  last_probe_ = absl::Now();
  if (absl::StatusOr<uint64_t> head = ProbeHead(stub_.get(), options_.token); head.ok()) {
    head_ = *head;
  }
}

absl::Status Syncer::Follow(const std::atomic<bool>& stop, Progress& progress) {
  const absl::Status followed = FollowBatches(stop, progress);
  const absl::Status written = AwaitWrite(progress);
  if (stop.load()) return absl::OkStatus();
  return followed.ok() ? written : followed;
}

absl::Status Syncer::FollowBatches(const std::atomic<bool>& stop, Progress& progress) {
  if (absl::Status s = Connect(stop); !s.ok()) {
    if (absl::IsUnavailable(s)) postgres_reconnects_->Increment();
    return s;
  }
  const uint64_t from = projection_->position() + 1;
  log::Info("pgsync_subscribe", {{"budgetd", options_.source},
                                 {"from", absl::StrCat(from)},
                                 {"committed", absl::StrCat(committed_.position)},
                                 {"schema", options_.schema}});
  LogStream stream(stub_.get(), options_.token, from, options_.max_queued_bytes);
  last_probe_ = absl::InfinitePast();
  while (!stop.load()) {
    ProbeHeadEvery(absl::Seconds(1));
    absl::StatusOr<std::vector<v1::LogEntry>> batch =
        stream.Next(options_.max_batch_events, absl::Milliseconds(200));
    if (!batch.ok()) {
      budgetd_reconnects_->Increment();
      return batch.status();
    }
    if (batch->empty()) {
      if (absl::Status s = AwaitWrite(progress); !s.ok()) return s;
      if (options_.until_caught_up) {
        last_probe_ = absl::InfinitePast();
        ProbeHeadEvery(absl::ZeroDuration());
        if (head_.load() <= committed_.position && projection_->position() == committed_.position) {
          return absl::OkStatus();
        }
      }
      continue;
    }
    progress.attempts = 0;
    if (batch->back().position() > committed_.position) {
      const int64_t since = absl::ToUnixMicros(FromProto(batch->front().recorded_at()));
      if (next_since_micros_ == 0) next_since_micros_ = since;
      if (pending_since_micros_.load() == 0) pending_since_micros_ = since;
    }
    for (const v1::LogEntry& entry : *batch) {
      if (absl::Status s = projection_->Apply(entry, entry.position() > committed_.position);
          !s.ok()) {
        return s;
      }
      if (entry.position() == committed_.position && projection_->hash() != committed_.hash) {
        return absl::DataLossError(absl::StrCat(
            "budgetd's event ", entry.position(), " has hash ", entry.hash(), ", but schema ",
            options_.schema, " was built from one with hash ", base::HashToHex(committed_.hash),
            ": PostgreSQL holds another log; run budget-pgsync --rebuild"));
      }
    }
    if (projection_->position() <= committed_.position) {
      if (projection_->position() == committed_.position) {
        log::Info("pgsync_caught_up_in_memory", {{"position", absl::StrCat(committed_.position)}});
      }
      continue;
    }
    if (absl::Status s = Commit(projection_->TakeChanges(), stop, progress); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status Syncer::Commit(Changes changes, const std::atomic<bool>& stop, Progress& progress) {
  absl::Time started = absl::Now();
  const SyncPoint to{projection_->position(), projection_->hash()};
  const absl::Time recorded_at = FromProto(changes.events.back().recorded_at());
  auto rows = std::make_shared<BatchRows>(BuildRows(projection_->state(), changes));
  RevealPersonal(*projection_, rows.get());
  const absl::Duration built = absl::Now() - started;
  if (absl::Status s = AwaitWrite(progress); !s.ok()) return s;
  // The batch's time is its building and its writing, not the wait between.
  started = absl::Now() - built;
  const uint64_t from = committed_.position;
  committed_ = to;
  next_since_micros_ = 0;
  writing_ = std::async(std::launch::async, [this, rows, from, to, recorded_at,
                                             events = changes.events.size(), started, &stop] {
    return Write(*rows, from, to, recorded_at, events, started, stop);
  });
  return absl::OkStatus();
}

absl::Status Syncer::AwaitWrite(Progress& progress) {
  if (!writing_.valid()) return absl::OkStatus();
  const absl::Status s = writing_.get();
  if (absl::IsAborted(s)) projection_.reset();  // PostgreSQL moved on without us
  if (!s.ok()) return s;
  progress.attempts = 0;
  pending_since_micros_ = next_since_micros_;
  return absl::OkStatus();
}

absl::Status Syncer::Write(const BatchRows& rows, uint64_t from, const SyncPoint& to,
                           absl::Time recorded_at, size_t events, absl::Time started,
                           const std::atomic<bool>& stop) {
  for (int attempt = 0;; ++attempt) {
    absl::Status s = pg_ == nullptr ? absl::UnavailableError("not connected")
                                    : model_->Write(rows, from, to, recorded_at, options_.source);
    if (s.ok()) break;
    if (absl::IsAborted(s)) return s;
    if (Fatal(s)) return s;  // refused, not lost: the same write would be refused again
    // Did it commit before the connection broke? Ask on a new connection.
    log::Warning("pgsync_write_failed", {{"error", Text(s)}, {"attempt", absl::StrCat(attempt)}});
    pg_.reset();
    Backoff(stop, attempt + 1);
    if (stop.load()) return absl::CancelledError("stopping");
    absl::StatusOr<std::unique_ptr<PgConnection>> pg = PgConnection::Connect(options_.conninfo);
    if (!pg.ok()) {
      postgres_reconnects_->Increment();
      continue;
    }
    pg_ = std::move(*pg);
    model_ = std::make_unique<ReadModel>(pg_.get(), options_.schema);
    postgres_reconnects_->Increment();
    absl::StatusOr<SyncPoint> now = model_->Committed();
    if (!now.ok()) {
      if (Fatal(now.status())) return now.status();
      continue;
    }
    if (now->position == to.position && now->hash == to.hash) break;  // it had committed
    if (now->position != from) {
      return absl::AbortedError(absl::StrCat("the read model moved to position ", now->position,
                                             " while writing ", from + 1, "..", to.position));
    }
  }
  applied_ = to.position;
  events_total_->Increment(events);
  batches_total_->Increment();
  const absl::Duration took = absl::Now() - started;
  batch_seconds_->Observe(absl::ToDoubleSeconds(took));
  size_t row_count = 0;
  for (const auto& [table, t] : rows) row_count += t.rows.size();
  const uint64_t head = std::max(head_.load(), to.position);
  log::Info("pgsync_batch", {{"from", absl::StrCat(from + 1)},
                             {"to", absl::StrCat(to.position)},
                             {"events", absl::StrCat(events)},
                             {"rows", absl::StrCat(row_count)},
                             {"ms", absl::StrCat(absl::ToInt64Milliseconds(took))},
                             {"lag_events", absl::StrCat(head - to.position)}});
  return absl::OkStatus();
}

}  // namespace budget::pgsync
