#include "services/core/command_processor.h"

#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "base/thread_name.h"
#include "services/common/log.h"
#include "services/core/replay.h"
#include "services/core/snapshots.h"
#include "services/domain/apply.h"
#include "services/domain/command_util.h"
#include "services/domain/decide.h"
#include "services/domain/errors.h"
#include "services/domain/names.h"
#include "services/domain/views.h"

namespace budget {

// One command of a batch, from admission to answer.
struct CommandProcessor::Planned {
  Item* item = nullptr;
  // Set when the command is refused, or answered without writing.
  std::optional<absl::StatusOr<v1::CommandResponse>> answer;
  // Empty when the command has no request id.
  std::string request_id;
  std::string key;          // where its record is kept (RequestKey)
  std::string fingerprint;  // Fingerprint(command)
  // An earlier command of the same batch with the same request key.
  int same_as = -1;
  v1::CommandResponse response;
};

// One drained batch on its way through the stages.
struct CommandProcessor::Batch {
  absl::Time now;
  uint64_t next_position = 0;  // of the next event planned
  std::vector<Planned> planned;
  // The writes, and the events of each as the domain sees them.
  std::vector<eventstore::DecidedAppend> writes;
  std::vector<std::vector<v1::Event>> events;
  // The type of every committed event, for the metrics (TypeOf's names live
  // as long as the program).
  std::vector<const std::string*> committed_types;
  // The data subjects' keys the batch seals with; the first failure to seal
  // (the whole batch is then refused, as when the write fails).
  PersonalData::WriteKeys keys;
  absl::Status sealing;
  // Whether erased keys were purged from the files after the write (only
  // when the batch erased some).
  absl::Status purged;
};

namespace {

absl::Status Unavailable(absl::string_view why) { return absl::UnavailableError(why); }

// Where a request's record is kept. Request ids are scoped by principal, so
// no caller can occupy the ids another one will use (issue 17.11); the name
// is length-prefixed so that no two (principal, id) pairs share a key.
std::string RequestKey(absl::string_view principal, absl::string_view request_id) {
  return absl::StrCat(principal.size(), ":", principal, request_id);
}

}  // namespace

absl::StatusOr<std::unique_ptr<CommandProcessor>> CommandProcessor::Start(
    eventstore::EventStore* store, const Options& options) {
  const uint64_t head = store->head().position;
  State state;
  if (options.use_snapshots) {
    if (std::optional<State> snap = LoadCheckpoint(*store, head)) state = std::move(*snap);
  }
  const uint64_t from_snapshot = state.log_position();
  if (absl::Status s = ReplayInto(*store, from_snapshot + 1, head, &state); !s.ok()) return s;
  std::unique_ptr<CommandProcessor> p(new CommandProcessor(store, options, state));
  p->replayed_at_start_ = head - from_snapshot;
  p->loaded_checkpoint_ = from_snapshot;
  if (options.snapshot_interval > 0) {
    p->checkpointer_ = std::make_unique<Checkpointer>(store, options.snapshot_interval,
                                                      std::move(state), from_snapshot);
  }
  p->completer_ = std::thread([raw = p.get()] {
    base::NameThisThread("completion");
    raw->Complete();
  });
  p->writer_ = std::thread([raw = p.get()] {
    base::NameThisThread("writer");
    raw->Run();
  });
  return p;
}

CommandProcessor::CommandProcessor(eventstore::EventStore* store, const Options& options,
                                   const State& state)
    : store_(store), options_(options), personal_(store), working_(state), published_(state) {
  if (working_.log_position() > 0) {
    absl::StatusOr<eventstore::Envelope> last = store_->ReadEvent(working_.log_position());
    if (last.ok()) last_time_ = last->recorded_at;
  }
}

CommandProcessor::~CommandProcessor() {
  Stop();
  if (writer_.joinable()) writer_.join();
  {
    base::MutexLock lock(&completions_mu_);
    completions_stopping_ = true;
    completions_changed_.Signal();
  }
  // Runs the answers still queued first.
  if (completer_.joinable()) completer_.join();
  // Writes a checkpoint at the head, so the next start-up replays nothing.
  checkpointer_.reset();
}

uint64_t CommandProcessor::snapshots_written() const {
  return checkpointer_ == nullptr ? 0 : checkpointer_->written();
}

uint64_t CommandProcessor::last_snapshot_position() const {
  return checkpointer_ == nullptr ? loaded_checkpoint_ : checkpointer_->last_position();
}

absl::Time CommandProcessor::last_snapshot_time() const {
  return checkpointer_ == nullptr ? absl::InfinitePast() : checkpointer_->last_time();
}

void CommandProcessor::Stop() {
  base::MutexLock lock(&queue_mu_);
  stopping_ = true;
  queue_changed_.SignalAll();
}

void CommandProcessor::Submit(internal::Command command, Done done, absl::Time deadline) {
  {
    base::MutexLock lock(&queue_mu_);
    if (!stopping_) {
      queue_.push_back(Item{std::move(command), std::move(done), false, deadline});
      queue_changed_.Signal();
      return;
    }
  }
  std::move(done)(Unavailable("the server is shutting down and accepts no more commands"));
}

absl::StatusOr<v1::CommandResponse> CommandProcessor::Execute(internal::Command command) {
  base::Notification finished;
  absl::StatusOr<v1::CommandResponse> answer;
  Submit(std::move(command), [&](absl::StatusOr<v1::CommandResponse> r) {
    answer = std::move(r);
    finished.Notify();
  });
  finished.WaitForNotification();
  return answer;
}

absl::Status CommandProcessor::Tick() {
  base::Notification finished;
  absl::Status status;
  {
    base::MutexLock lock(&queue_mu_);
    if (stopping_) return Unavailable("the server is shutting down");
    queue_.push_back(Item{{},
                          [&](absl::StatusOr<v1::CommandResponse> r) {
                            status = r.status();
                            finished.Notify();
                          },
                          true,
                          absl::InfiniteFuture()});
    queue_changed_.Signal();
  }
  finished.WaitForNotification();
  return status;
}

void CommandProcessor::Run() {
  for (;;) {
    std::vector<Item> batch;
    {
      base::MutexLock lock(&queue_mu_);
      while (queue_.empty() && !stopping_) queue_changed_.Wait(&queue_mu_);
      if (queue_.empty()) return;  // stopping, and everything queued is answered
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    ProcessBatch(batch);
  }
}

absl::Time CommandProcessor::NextTime() {
  // The envelope keeps microseconds; deciding with the same precision keeps
  // live decisions and replayed state identical.
  absl::Time t = absl::FromUnixMicros(absl::ToUnixMicros(options_.clock->Now()));
  last_time_ = std::max(t, last_time_);
  return last_time_;
}

void CommandProcessor::ProcessBatch(std::vector<Item>& items) {
  Batch batch;
  batch.now = NextTime();
  batch.next_position = working_.log_position() + 1;
  batch.planned.resize(items.size());
  for (size_t i = 0; i < items.size(); ++i) batch.planned[i].item = &items[i];
  Admit(batch);
  Decide(batch);
  const absl::Status committed = Commit(batch);
  Publish(batch, committed);
  Reply(batch, committed);
}

void CommandProcessor::Admit(Batch& batch) {
  const absl::Status broken = store_->write_status();
  absl::flat_hash_map<std::string, size_t> first_of;  // request key -> planned index
  for (size_t i = 0; i < batch.planned.size(); ++i) {
    Planned& p = batch.planned[i];
    if (!broken.ok()) {
      p.answer = broken;
      continue;
    }
    if (p.item->deadline < absl::Now()) {
      p.answer = absl::DeadlineExceededError(
          "the call's deadline passed while it waited for the writer; nothing was decided or "
          "written");
      continue;
    }
    internal::Command& cmd = p.item->command;
    if (p.item->tick || cmd.kind_case() == internal::Command::KIND_NOT_SET) continue;
    p.request_id = RequestIdOf(cmd);
    if (p.request_id.empty()) continue;
    p.fingerprint = Fingerprint(&cmd);
    p.key = RequestKey(cmd.actor().name(), p.request_id);
    if (auto it = first_of.find(p.key); it != first_of.end()) {
      if (batch.planned[it->second].fingerprint == p.fingerprint) {
        p.same_as = static_cast<int>(it->second);
      } else {
        p.answer = RequestIdReused(p.request_id);
      }
      continue;
    }
    absl::StatusOr<std::optional<eventstore::RequestRecord>> record = store_->LookupRequest(p.key);
    if (!record.ok()) {
      p.answer = record.status();
    } else if (!record->has_value()) {
      first_of.emplace(p.key, i);
    } else if (absl::Status same = SameRequest(**record, p); !same.ok()) {
      p.answer = same;
    } else {
      v1::CommandResponse first;
      first.ParseFromString((*record)->response);
      first.set_log_position((*record)->last_position);
      first.set_deduplicated(true);
      p.answer = std::move(first);
    }
  }
}

absl::Status CommandProcessor::SameRequest(const eventstore::RequestRecord& record,
                                           const Planned& p) const {
  std::vector<v1::Event> events;
  for (uint64_t pos = record.first_position; pos != 0 && pos <= record.last_position; ++pos) {
    absl::StatusOr<eventstore::Envelope> e = store_->ReadEvent(pos);
    if (!e.ok()) return e.status();
    if (!events.emplace_back().ParseFromString(e->payload)) {
      return absl::DataLossError(absl::StrCat("event ", pos, " does not parse"));
    }
  }
  absl::StatusOr<base::Hash> fingerprint =
      personal_.RecordFingerprint(p.fingerprint, events, nullptr);
  if (absl::IsFailedPrecondition(fingerprint.status())) {
    // Erased: the record can no longer tell this request from another.
    return RequestIdReused(p.request_id);
  }
  if (!fingerprint.ok()) return fingerprint.status();
  if (*fingerprint != record.fingerprint) return RequestIdReused(p.request_id);
  return absl::OkStatus();
}

int CommandProcessor::Plan(Batch& batch, std::vector<v1::Event> events, absl::string_view actor) {
  eventstore::DecidedAppend& a = batch.writes.emplace_back();
  a.first_position = batch.next_position;
  a.actor = std::string(actor);
  a.recorded_at = batch.now;
  for (v1::Event& e : events) {
    // Personal fields are sealed before anything keeps them: the projection,
    // the log, snapshots and request records hold only the tokens.
    if (absl::Status s = personal_.Seal(&e, actor, &batch.keys, &a);
        !s.ok() && batch.sealing.ok()) {
      batch.sealing = s;
    }
    Apply(working_, e, EventMeta{batch.next_position++, batch.now, actor});
    a.events.push_back({StreamOf(e), TypeOf(e), e.SerializeAsString()});
  }
  batch.events.push_back(std::move(events));
  return static_cast<int>(batch.writes.size()) - 1;
}

void CommandProcessor::Decide(Batch& batch) {
  const absl::Time now = batch.now;
  for (Planned& p : batch.planned) {
    if (p.answer.has_value() || p.same_as >= 0) continue;
    if (p.item->tick) {
      for (const auto& [id, round] : working_.rounds()) {
        std::vector<v1::Event> due = DueEvents(round, now);
        if (!due.empty()) Plan(batch, std::move(due), kClockActor);
      }
      p.answer = v1::CommandResponse();
      continue;
    }
    const internal::Command& cmd = p.item->command;
    // What time made due in this round comes first, but only if the command
    // is accepted: a refused command writes nothing at all.
    std::vector<v1::Event> due;
    std::optional<RoundState> before;
    const std::string round_name = RoundOfCommand(cmd);
    if (RoundState* round = round_name.empty() ? nullptr : MutableRound(working_, round_name)) {
      due = DueEvents(*round, now);
      if (!due.empty()) {
        before = *round;
        uint64_t pos = batch.next_position;
        for (const v1::Event& e : due) Apply(working_, e, EventMeta{pos++, now, kClockActor});
      }
    }
    absl::StatusOr<Decision> decision = budget::Decide(working_, cmd, Context{now, &cmd.actor()});
    if (before.has_value()) {
      // Undo the tentative due events; Plan() re-applies them if accepted.
      *MutableRound(working_, round_name) = std::move(*before);
      working_.set_log_position(batch.next_position - 1);
    }
    if (!decision.ok()) {
      p.answer = decision.status();
      continue;
    }
    if (!due.empty()) Plan(batch, std::move(due), kClockActor);
    eventstore::DecidedAppend& a =
        batch.writes[Plan(batch, std::move(decision->events), cmd.actor().name())];
    p.response = ResponseFor(working_, decision->subject, now);
    p.response.set_event_count(static_cast<int32_t>(a.events.size()));
    p.response.set_log_position(a.events.empty() ? 0 : batch.next_position - 1);
    a.request_id = p.request_id;
    if (!p.key.empty()) {
      a.request_key = p.key;
      absl::StatusOr<base::Hash> fingerprint =
          personal_.RecordFingerprint(p.fingerprint, batch.events.back(), &batch.keys);
      if (fingerprint.ok()) {
        a.record.fingerprint = *fingerprint;
      } else if (batch.sealing.ok()) {
        batch.sealing = fingerprint.status();
      }
      if (!a.events.empty()) {
        a.record.first_position = a.first_position;
        a.record.last_position = batch.next_position - 1;
      }
      a.record.response = p.response.SerializeAsString();
    }
  }
}

absl::Status CommandProcessor::Commit(Batch& batch) {
  if (batch.writes.empty()) return absl::OkStatus();
  if (!batch.sealing.ok()) return batch.sealing;
  if (absl::Status s = store_->Write(batch.writes).status(); !s.ok()) return s;
  // An erasure's key was deleted in that durable write; before anyone is
  // answered, no file may keep a copy of it. The events are durable either
  // way: a failure here fails only the erasures' answers (Reply), and the
  // store finishes the purge when it is next opened.
  for (const eventstore::DecidedAppend& a : batch.writes) {
    if (a.erased_subjects.empty()) continue;
    batch.purged = store_->PurgeErasedKeys();
    if (!batch.purged.ok()) {
      log::Error("erasure_purge_failed", {{"status", batch.purged.ToString()}});
    }
    break;
  }
  return absl::OkStatus();
}

void CommandProcessor::Publish(Batch& batch, const absl::Status& committed) {
  if (!committed.ok()) {
    // Nothing of this batch is known to be durable: the working state goes
    // back to the durable one and every planned write is refused.
    base::ReaderMutexLock lock(&published_mu_);
    working_ = published_;
    return;
  }
  if (batch.writes.empty()) return;
  {
    base::MutexLock lock(&published_mu_);
    for (size_t i = 0; i < batch.writes.size(); ++i) {
      uint64_t pos = batch.writes[i].first_position;
      for (const v1::Event& e : batch.events[i]) {
        Apply(published_, e, EventMeta{pos++, batch.now, batch.writes[i].actor});
      }
    }
  }
  if (options_.metrics != nullptr) {
    for (const std::vector<v1::Event>& events : batch.events) {
      for (const v1::Event& e : events) batch.committed_types.push_back(&TypeOf(e));
    }
  }
  if (checkpointer_ != nullptr) {
    std::vector<CommittedEvents> committed_events;
    committed_events.reserve(batch.writes.size());
    for (size_t i = 0; i < batch.writes.size(); ++i) {
      committed_events.push_back({batch.writes[i].first_position, batch.now,
                                  std::move(batch.writes[i].actor), std::move(batch.events[i])});
    }
    checkpointer_->Committed(std::move(committed_events));
  }
}

void CommandProcessor::Reply(Batch& batch, const absl::Status& committed) {
  Completion c;
  c.answers.reserve(batch.planned.size());
  // A response a later retry of the same batch copies is copied; any other
  // is moved into its answer.
  std::vector<bool> copied(batch.planned.size());
  for (const Planned& p : batch.planned) {
    if (p.same_as >= 0) copied[p.same_as] = true;
  }
  for (size_t i = 0; i < batch.planned.size(); ++i) {
    Planned& p = batch.planned[i];
    const Planned& first = p.same_as >= 0 ? batch.planned[p.same_as] : p;
    absl::StatusOr<v1::CommandResponse> answer;
    if (p.answer.has_value()) {
      answer = std::move(*p.answer);
    } else if (first.answer.has_value()) {  // the first copy was refused
      answer = *first.answer;
    } else if (!committed.ok()) {
      answer = committed;
    } else if (!batch.purged.ok() && p.item->command.has_erase_subject()) {
      answer = absl::UnavailableError(absl::StrCat(
          "the erasure is recorded and the key deleted, but removing its last copies from the data "
          "directory's files failed (",
          batch.purged.message(), "); budgetd finishes that when it next starts"));
    } else {
      v1::CommandResponse r = copied[i] || p.same_as >= 0 ? first.response : std::move(p.response);
      r.set_deduplicated(p.same_as >= 0);
      answer = std::move(r);
    }
    // The Merkle tree has grown to the working state's position: what was
    // written (now, or by the first attempt of a retry) is in that tree.
    if (answer.ok() && answer->log_position() > 0) answer->set_tree_size(working_.log_position());
    c.answers.emplace_back(std::move(p.item->done), std::move(answer));
  }
  c.event_types = std::move(batch.committed_types);
  base::MutexLock lock(&completions_mu_);
  completions_.push_back(std::move(c));
  completions_changed_.Signal();
}

void CommandProcessor::Complete() {
  // The events counter of each type, resolved on its first event (TypeOf's
  // names live as long as the program): counting builds no label strings.
  absl::flat_hash_map<const std::string*, CounterCell*> events_of_type;
  for (;;) {
    Completion c;
    {
      base::MutexLock lock(&completions_mu_);
      while (completions_.empty() && !completions_stopping_) {
        completions_changed_.Wait(&completions_mu_);
      }
      if (completions_.empty()) return;
      c = std::move(completions_.front());
      completions_.pop_front();
    }
    for (const std::string* type : c.event_types) {
      CounterCell*& events = events_of_type[type];
      if (events == nullptr) {
        events = &options_.metrics->Counter("budget_events_total", "Events committed, by type.",
                                            {{"type", *type}});
      }
      events->Increment();
    }
    for (auto& [done, answer] : c.answers) std::move(done)(std::move(answer));
  }
}

}  // namespace budget
