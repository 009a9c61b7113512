#include "eventstore/envelope.h"

#include "gtest/gtest.h"

namespace eventstore {
namespace {

TEST(EnvelopeTest, SealThenDecodeRoundTrips) {
  EnvelopeView e;
  e.position = 42;
  e.stream = "rounds/2024";
  e.version = 7;
  e.type = "budget.v1.RoundCreated";
  e.recorded_at = absl::FromUnixMicros(1'700'000'000'123'456);
  e.actor = "users/alice";
  e.request_id = "req-1";
  e.payload = absl::string_view("\0\1\2payload", 10);
  e.prev_hash = base::Sha256("previous");
  std::string bytes = SealEnvelope(&e);

  absl::StatusOr<EnvelopeView> d = DecodeEnvelope(bytes);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->position, 42u);
  EXPECT_EQ(d->stream, "rounds/2024");
  EXPECT_EQ(d->version, 7u);
  EXPECT_EQ(d->type, "budget.v1.RoundCreated");
  EXPECT_EQ(d->recorded_at, e.recorded_at);
  EXPECT_EQ(d->actor, "users/alice");
  EXPECT_EQ(d->request_id, "req-1");
  EXPECT_EQ(d->payload, e.payload);
  EXPECT_EQ(d->prev_hash, e.prev_hash);
  EXPECT_EQ(d->hash, e.hash);
  EXPECT_TRUE(VerifyEnvelopeHash(bytes));
}

TEST(EnvelopeTest, HashCoversEveryByte) {
  EnvelopeView e;
  e.position = 1;
  e.stream = "s";
  e.type = "t";
  std::string bytes = SealEnvelope(&e);
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string changed = bytes;
    changed[i] ^= 0x01;
    EXPECT_FALSE(VerifyEnvelopeHash(changed)) << "byte " << i;
  }
}

TEST(EnvelopeTest, MalformedBytesAreDataLoss) {
  EnvelopeView e;
  e.stream = "s";
  std::string bytes = SealEnvelope(&e);
  for (size_t len = 0; len < bytes.size(); ++len) {
    absl::StatusOr<EnvelopeView> d = DecodeEnvelope(absl::string_view(bytes).substr(0, len));
    EXPECT_TRUE(absl::IsDataLoss(d.status())) << "length " << len;
  }
  EXPECT_TRUE(absl::IsDataLoss(DecodeEnvelope(bytes + "x").status()));
}

}  // namespace
}  // namespace eventstore
