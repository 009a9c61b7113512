#include "clients/pgsync/log_stream.h"

#include "absl/strings/str_cat.h"

namespace budget::pgsync {
namespace {

absl::Status FromGrpc(const grpc::Status& s) {
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
}

}  // namespace

LogStream::LogStream(v1::AuditService::Stub* stub, const std::string& token, uint64_t from_position,
                     size_t max_queued_bytes)
    : max_queued_bytes_(max_queued_bytes) {
  reader_ = std::thread([this, stub, token, from_position] { Read(stub, token, from_position); });
}

LogStream::~LogStream() {
  {
    base::MutexLock lock(&mu_);
    stopping_ = true;
    changed_.SignalAll();
  }
  context_.TryCancel();
  reader_.join();
}

void LogStream::Read(v1::AuditService::Stub* stub, const std::string& token,
                     uint64_t from_position) {
  context_.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  v1::SubscribeRequest request;
  request.set_from_position(from_position);
  // The projection parses every event's payload bytes; a structured copy of
  // each as well cost budgetd and this process half of a restart's catch-up.
  request.set_payload_bytes_suffice(true);
  std::unique_ptr<grpc::ClientReader<v1::LogEntry>> reader = stub->Subscribe(&context_, request);
  v1::LogEntry entry;
  while (reader->Read(&entry)) {
    const size_t bytes = entry.ByteSizeLong();
    base::MutexLock lock(&mu_);
    // Wait for room; the last entry may overshoot so one large entry still passes.
    while (!stopping_ && queued_bytes_ > 0 && queued_bytes_ + bytes > max_queued_bytes_) {
      changed_.Wait(&mu_);
    }
    if (stopping_) break;
    queued_bytes_ += bytes;
    queue_.push_back(std::move(entry));
    entry = v1::LogEntry();
    changed_.SignalAll();
  }
  const grpc::Status status = reader->Finish();
  base::MutexLock lock(&mu_);
  ended_ = true;
  end_status_ =
      status.ok() ? absl::UnavailableError("budgetd ended the subscription") : FromGrpc(status);
  changed_.SignalAll();
}

absl::StatusOr<std::vector<v1::LogEntry>> LogStream::Next(size_t max, absl::Duration wait) {
  const absl::Time deadline = absl::Now() + wait;
  base::MutexLock lock(&mu_);
  while (queue_.empty() && !ended_) {
    if (changed_.WaitWithDeadline(&mu_, deadline)) break;
  }
  if (queue_.empty() && ended_) return end_status_;
  std::vector<v1::LogEntry> out;
  while (!queue_.empty() && out.size() < max) {
    queued_bytes_ -= queue_.front().ByteSizeLong();
    out.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  changed_.SignalAll();
  return out;
}

absl::StatusOr<uint64_t> ProbeHead(v1::AuditService::Stub* stub, const std::string& token) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::ReadLogRequest request;
  request.set_from_position(uint64_t{1} << 62);  // past any head: no entries, just the head
  request.set_page_size(1);
  v1::ReadLogResponse response;
  grpc::Status s = stub->ReadLog(&context, request, &response);
  if (!s.ok()) return FromGrpc(s);
  return response.head_position();
}

}  // namespace budget::pgsync
