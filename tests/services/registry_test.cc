// The registry covers every command and event the protos define: a new oneof
// case without its handler fails here (and stops the server at start-up).
#include "services/domain/registry.h"

#include "gtest/gtest.h"

namespace budget {
namespace {

TEST(RegistryTest, VerifiesComplete) { EXPECT_TRUE(VerifyRegistry().ok()) << VerifyRegistry(); }

TEST(RegistryTest, EveryCommandCaseHasItsHandler) {
  const auto* oneof = internal::Command::descriptor()->FindOneofByName("kind");
  ASSERT_NE(oneof, nullptr);
  for (int i = 0; i < oneof->field_count(); ++i) {
    const auto* field = oneof->field(i);
    const CommandHandler* h =
        FindCommand(static_cast<internal::Command::KindCase>(field->number()));
    ASSERT_NE(h, nullptr) << field->name() << " has no handler";
    EXPECT_EQ(h->request, field->message_type()) << field->name();
    EXPECT_FALSE(h->emits.empty()) << field->name() << " emits nothing";
  }
  EXPECT_EQ(FindCommand(internal::Command::KIND_NOT_SET), nullptr);
}

TEST(RegistryTest, EveryEventCaseHasItsApplier) {
  const auto* oneof = v1::Event::descriptor()->FindOneofByName("payload");
  ASSERT_NE(oneof, nullptr);
  for (int i = 0; i < oneof->field_count(); ++i) {
    const auto* field = oneof->field(i);
    const EventHandler* h = FindEvent(static_cast<v1::Event::PayloadCase>(field->number()));
    ASSERT_NE(h, nullptr) << field->name() << " has no applier";
    EXPECT_EQ(h->message, field->message_type()) << field->name();
  }
  EXPECT_EQ(FindEvent(v1::Event::PAYLOAD_NOT_SET), nullptr);
}

}  // namespace
}  // namespace budget
