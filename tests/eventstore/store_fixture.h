#ifndef TESTS_EVENTSTORE_STORE_FIXTURE_H_
#define TESTS_EVENTSTORE_STORE_FIXTURE_H_

#include <memory>
#include <string>

#include "eventstore/event_store.h"
#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace eventstore {

// Each test gets its own directory and a store on a fake clock.
class StoreTest : public ::testing::Test {
 protected:
  StoreTest() : clock_(absl::FromUnixSeconds(1'700'000'000)) { Reopen(); }

  Options StoreOptions() {
    Options o;
    o.clock = &clock_;
    return o;
  }

  void Reopen() {
    store_.reset();
    auto s = EventStore::Open(dir_.Sub("db"), StoreOptions());
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(*s);
  }

  static AppendRequest Request(std::string request_id, std::string stream, std::string type,
                               std::string payload) {
    AppendRequest r;
    r.request_id = std::move(request_id);
    r.actor = "tester";
    r.events.push_back({std::move(stream), std::move(type), std::move(payload)});
    return r;
  }

  testing_util::TempDir dir_;
  base::ManualClock clock_;
  std::unique_ptr<EventStore> store_;
};

}  // namespace eventstore

#endif  // TESTS_EVENTSTORE_STORE_FIXTURE_H_
