#include "services/audit/head_publisher.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "base/thread_name.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/log.h"

namespace budget {

absl::StatusOr<std::unique_ptr<HeadPublisher>> HeadPublisher::Start(eventstore::EventStore* store,
                                                                    const TreeHeads* heads,
                                                                    const HeadPublishing& options) {
  if (!heads->signing()) {
    return absl::InvalidArgumentError("publishing tree heads needs a signing key (--signing_key)");
  }
  FILE* out = std::fopen(options.file.c_str(), "ae");
  if (out == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot append tree heads to ", options.file, ": ", std::strerror(errno)));
  }
  std::unique_ptr<HeadPublisher> p(new HeadPublisher(store, heads, options, out));
  p->PublishIfGrown();
  p->thread_ = std::thread([raw = p.get()] {
    base::NameThisThread("head-publisher");
    raw->Run();
  });
  return p;
}

HeadPublisher::~HeadPublisher() {
  stopping_.store(true);
  store_->WakeWaiters();
  thread_.join();
  PublishIfGrown();
  std::fclose(out_);
}

void HeadPublisher::Run() {
  while (!stopping_.load()) {
    const uint64_t target = published_.load() + std::max<uint64_t>(options_.every_events, 1);
    absl::StatusOr<uint64_t> head =
        store_->WaitForHead(target, absl::Now() + options_.every, &stopping_);
    if (!head.ok()) return;  // stopping, or the store closes
    PublishIfGrown();
  }
}

void HeadPublisher::PublishIfGrown() {
  absl::StatusOr<v1::SignedTreeHead> head = heads_->Newest();
  if (!head.ok() || head->tree_size() <= published_.load()) return;
  std::string line;
  google::protobuf::util::JsonPrintOptions o;
  o.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(*head, &line, o);
  line.push_back('\n');
  // Whole lines, synced: a copier never sees half a head, and a head once
  // published survives a crash (a later one must be consistent with it).
  if (std::fwrite(line.data(), 1, line.size(), out_) != line.size() || std::fflush(out_) != 0 ||
      fsync(fileno(out_)) != 0) {
    log::Warning("tree_head_not_published",
                 {{"file", options_.file}, {"error", std::strerror(errno)}});
    return;
  }
  published_.store(head->tree_size());
}

}  // namespace budget
