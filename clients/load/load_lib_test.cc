// The pieces of budget-load that need no server: percentiles, the pacer,
// the loopback rule, the mix and the pool of proposals. tests/e2e/load_e2e_test.py runs
// the whole tool against budgetd.
#include <chrono>
#include <random>
#include <set>

#include "clients/budgetctl/errors.h"
#include "clients/load/latency_histogram.h"
#include "clients/load/loopback.h"
#include "clients/load/mix.h"
#include "clients/load/pacer.h"
#include "clients/load/proposal_pool.h"
#include "gtest/gtest.h"

namespace budget_load {
namespace {

using std::chrono::nanoseconds;

TEST(LatencyHistogramTest, EmptyReportsZero) {
  LatencyHistogram h;
  EXPECT_EQ(h.count(), 0);
  EXPECT_EQ(h.Percentile(0.5), nanoseconds(0));
  EXPECT_EQ(h.max(), nanoseconds(0));
}

TEST(LatencyHistogramTest, SmallValuesAreExact) {
  LatencyHistogram h;
  for (int v = 1; v <= 1000; ++v) h.Record(nanoseconds(v));
  EXPECT_EQ(h.Percentile(0.5), nanoseconds(500));
  EXPECT_EQ(h.Percentile(0.9), nanoseconds(900));
  EXPECT_EQ(h.Percentile(0.999), nanoseconds(999));
  EXPECT_EQ(h.Percentile(1.0), nanoseconds(1000));
}

TEST(LatencyHistogramTest, LargeValuesWithinATenthOfAPercent) {
  LatencyHistogram h;
  // 1 µs .. 10 s, spread over many powers of two.
  std::vector<int64_t> values;
  for (int64_t v = 1000; v <= 10'000'000'000; v = v * 11 / 10) values.push_back(v);
  for (int64_t v : values) h.Record(nanoseconds(v));
  for (double q : {0.5, 0.9, 0.99}) {
    const int64_t exact = values[static_cast<size_t>(std::ceil(q * values.size())) - 1];
    const int64_t got = h.Percentile(q).count();
    EXPECT_GE(got, exact) << q;
    EXPECT_LE(got, exact + exact / 1000) << q;
  }
  EXPECT_EQ(h.max(), nanoseconds(values.back()));
  EXPECT_EQ(h.Percentile(1.0), h.max());
}

TEST(LatencyHistogramTest, PercentilesAreOrderedAndNeverAboveTheMax) {
  LatencyHistogram a;
  LatencyHistogram b;
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> latency(13.0, 1.0);  // ~0.4 ms median
  for (int i = 0; i < 10000; ++i)
    (i % 2 ? a : b).Record(nanoseconds(static_cast<int64_t>(latency(rng))));
  a.Merge(b);
  EXPECT_EQ(a.count(), 10000);
  int64_t previous = 0;
  for (double q : {0.5, 0.9, 0.99, 0.999, 1.0}) {
    const int64_t v = a.Percentile(q).count();
    EXPECT_GE(v, previous) << q;
    EXPECT_LE(v, a.max().count()) << q;
    previous = v;
  }
}

TEST(LatencyHistogramTest, OutOfRangeValuesAreClamped) {
  LatencyHistogram h;
  h.Record(nanoseconds(-5));
  h.Record(std::chrono::hours(10));
  EXPECT_EQ(h.Percentile(0.5), nanoseconds(0));
  EXPECT_GT(h.max(), std::chrono::minutes(70));
}

TEST(PacerTest, WakesTheQueueOnceForEachTickAndNeverBeforeIt) {
  grpc::CompletionQueue cq;
  Pacer pacer(&cq);
  // More ticks than the pacer has alarms: each is used again once taken.
  constexpr size_t kTicks = 30;
  const Clock::time_point start = Clock::now() + std::chrono::milliseconds(20);
  const std::chrono::duration<double> interval = std::chrono::milliseconds(2);
  // The end falls between the last tick and the one after.
  const Clock::time_point end =
      Pacer::Tick(start, interval, kTicks - 1) + std::chrono::milliseconds(1);
  pacer.Start(start, interval, end);
  std::vector<Clock::time_point> woken;
  void* got = nullptr;
  bool ok = false;
  while (woken.size() < kTicks &&
         cq.AsyncNext(&got, &ok, std::chrono::system_clock::now() + std::chrono::seconds(30)) ==
             grpc::CompletionQueue::GOT_EVENT) {
    EXPECT_TRUE(pacer.TakeWake(got));
    woken.push_back(Clock::now());
  }
  pacer.Stop();
  ASSERT_EQ(woken.size(), kTicks);
  for (size_t k = 0; k < kTicks; ++k) {
    EXPECT_GE(woken[k], Pacer::Tick(start, interval, static_cast<int64_t>(k))) << k;
  }
  // Nothing after the end; a call's tag is not a wake-up.
  EXPECT_EQ(
      cq.AsyncNext(&got, &ok, std::chrono::system_clock::now() + std::chrono::milliseconds(50)),
      grpc::CompletionQueue::TIMEOUT);
  int call = 0;
  EXPECT_FALSE(pacer.TakeWake(&call));
  cq.Shutdown();
  while (cq.Next(&got, &ok)) {
  }
}

TEST(PacerTest, StopsAtOnce) {
  grpc::CompletionQueue cq;
  Pacer pacer(&cq);
  const Clock::time_point start = Clock::now() + std::chrono::hours(1);
  pacer.Start(start, std::chrono::seconds(1), start + std::chrono::hours(1));
  // Returns without waiting for the first tick, an hour away.
  pacer.Stop();
  cq.Shutdown();
  void* got = nullptr;
  bool ok = false;
  EXPECT_FALSE(cq.Next(&got, &ok));
}

TEST(LoopbackTest, OnlyThisMachine) {
  for (const char* addr :
       {"127.0.0.1:50051", "127.1.2.3:1", "localhost:50051", "LOCALHOST:80", "[::1]:50051",
        "ipv4:127.0.0.1:50051", "ipv6:[::1]:50051", "dns:///localhost:50051"}) {
    EXPECT_TRUE(IsLoopbackAddress(addr)) << addr;
  }
  for (const char* addr :
       {"10.0.0.1:50051", "192.168.1.1:50051", "128.0.0.1:50051", "0.0.0.0:50051",
        "example.com:50051", "localhost.example.com:50051", "[::2]:50051", "::1:50051",
        "[::ffff:10.0.0.1]:50051", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:x",
        "unix:/tmp/budgetd.sock", "ipv4:127.0.0.1:1,10.0.0.1:1", "",
        "dns://8.8.8.8/localhost:50051", "[::1:50051"}) {
    EXPECT_FALSE(IsLoopbackAddress(addr)) << addr;
  }
}

TEST(MixTest, ParsesWeightsAndDrawsOnlyWeightedOps) {
  const Mix mix = Mix::Parse("submit=60, amend=20,get=20");
  EXPECT_EQ(mix.weight(Op::kSubmit), 60);
  EXPECT_EQ(mix.weight(Op::kClaim), 0);
  EXPECT_TRUE(mix.NeedsProposals());
  EXPECT_TRUE(mix.UsesRound());
  EXPECT_EQ(mix.ToString(), "submit=60,amend=20,claim=0,get=20,list=0,noop=0");
  std::mt19937_64 rng(1);
  std::map<Op, int> drawn;
  for (int i = 0; i < 10000; ++i) ++drawn[mix.Pick(rng)];
  EXPECT_EQ(drawn.size(), 3u);
  EXPECT_NEAR(drawn[Op::kSubmit], 6000, 300);
  EXPECT_NEAR(drawn[Op::kAmend], 2000, 300);
}

TEST(MixTest, NoopAloneNeedsNoRound) {
  const Mix mix = Mix::Parse("noop=1");
  EXPECT_FALSE(mix.UsesRound());
  EXPECT_FALSE(mix.NeedsProposals());
  EXPECT_FALSE(Mix::Parse("list=1,noop=1").NeedsProposals());
}

TEST(MixTest, RefusesWhatDoesNotParse) {
  for (const char* text : {"", "noop=0", "bogus=1", "submit", "submit=x", "submit=-1",
                           "submit=1,submit=2", "submit=1000001"}) {
    EXPECT_THROW(Mix::Parse(text), budgetctl::UsageError) << text;
  }
}

TEST(ProposalPoolTest, EmptyGivesNothing) {
  ProposalPool pool;
  std::mt19937_64 rng(1);
  EXPECT_FALSE(pool.Any(rng));
  EXPECT_FALSE(pool.HoldForAmend(rng));
  EXPECT_FALSE(pool.TakeUnclaimed(rng));
}

TEST(ProposalPoolTest, AnAmendmentHoldsItsProposalAndLearnsItsVersion) {
  ProposalPool pool;
  std::mt19937_64 rng(1);
  pool.Add("rounds/load/proposals/P-0001", 1);
  std::optional<ProposalPool::Ref> held = pool.HoldForAmend(rng);
  ASSERT_TRUE(held);
  EXPECT_EQ(held->version, 1);
  EXPECT_FALSE(pool.HoldForAmend(rng));  // the only one is held
  pool.EndAmend(*held, 2);
  held = pool.HoldForAmend(rng);
  ASSERT_TRUE(held);
  EXPECT_EQ(held->version, 2);
  pool.EndAmend(*held, std::nullopt);  // failed: the version stays
  pool.SawVersion(*held, 5);
  pool.SawVersion(*held, 3);  // an older read does not go back
  EXPECT_EQ(pool.Any(rng)->version, 5);
}

TEST(ProposalPoolTest, EachProposalIsClaimedOnceUnlessReturned) {
  ProposalPool pool;
  std::mt19937_64 rng(1);
  for (int i = 0; i < 5; ++i) pool.Add("rounds/load/proposals/P-000" + std::to_string(i), 1);
  EXPECT_FALSE(pool.TakeUnclaimed(rng));  // drafts: nothing to claim yet
  for (const ProposalPool::Ref& ref : pool.All()) pool.ReturnUnclaimed(ref);
  std::set<std::string> taken;
  while (std::optional<ProposalPool::Ref> ref = pool.TakeUnclaimed(rng)) taken.insert(ref->name);
  EXPECT_EQ(taken.size(), 5u);
  std::optional<ProposalPool::Ref> again = pool.Any(rng);
  pool.ReturnUnclaimed(*again);
  EXPECT_EQ(pool.TakeUnclaimed(rng)->name, again->name);
  EXPECT_FALSE(pool.TakeUnclaimed(rng));
}

}  // namespace
}  // namespace budget_load
