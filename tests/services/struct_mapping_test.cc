// ToStruct against what it replaces: the payload printed as JSON and parsed
// back into a Struct, for every event type with every field set.
#include "services/audit/struct_mapping.h"

#include <cctype>
#include <string>

#include "budget/v1/events.pb.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace budget::testing {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::Struct;

Struct RoundTrip(const Message& m) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(m, &json, options).ok());
  Struct out;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &out).ok()) << json;
  return out;
}

void ExpectSameAsRoundTrip(const Message& m) {
  Struct direct;
  ASSERT_TRUE(ToStruct(m, &direct)) << m.GetDescriptor()->full_name();
  const Struct expected = RoundTrip(m);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(direct, expected))
      << m.GetDescriptor()->full_name() << "\nToStruct: " << direct.DebugString()
      << "\nround trip: " << expected.DebugString();
}

// Sets one value of every kind a field can hold; `variant` picks which
// member of each oneof is set and which precision a timestamp has.
// `k` makes the elements of a repeated field, and the keys of a map, differ.
void SetValue(Message* m, const FieldDescriptor* f, int variant, int depth, bool add, int k);

void Fill(Message* m, int variant, int depth) {
  const Descriptor* d = m->GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (const auto* oneof = f->real_containing_oneof();
        oneof != nullptr && oneof->field(variant % oneof->field_count()) != f) {
      continue;
    }
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && depth >= 4) continue;
    if (f->is_repeated()) {
      for (int k = 0; k < 2; ++k) SetValue(m, f, variant, depth, true, k);
    } else {
      SetValue(m, f, variant, depth, false, 0);
    }
  }
}

void SetValue(Message* m, const FieldDescriptor* f, int variant, int depth, bool add, int k) {
  const Reflection* r = m->GetReflection();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      add ? r->AddInt32(m, f, -5 - k) : r->SetInt32(m, f, -5 - k);
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      add ? r->AddUInt32(m, f, 4000000000u + k) : r->SetUInt32(m, f, 4000000000u + k);
      break;
    case FieldDescriptor::CPPTYPE_INT64:  // more than a double holds exactly
      add ? r->AddInt64(m, f, -9007199254740993 - k) : r->SetInt64(m, f, -9007199254740993 - k);
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      add ? r->AddUInt64(m, f, 18446744073709551615u - k)
          : r->SetUInt64(m, f, 18446744073709551615u - k);
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      add ? r->AddBool(m, f, k == 0) : r->SetBool(m, f, k == 0);
      break;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* type = f->enum_type();
      const int number = type->value(type->value_count() - 1 - k % type->value_count())->number();
      add ? r->AddEnumValue(m, f, number) : r->SetEnumValue(m, f, number);
      break;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string s = f->type() == FieldDescriptor::TYPE_BYTES
                          ? std::string("\0\xff\x10 bytes", 9)
                          : "Sparekatalog \"2024\" æøå\n\\ " + std::to_string(k) + "/" + f->name();
      add ? r->AddString(m, f, s) : r->SetString(m, f, s);
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* sub = add ? r->AddMessage(m, f) : r->MutableMessage(m, f);
      if (sub->GetDescriptor() == google::protobuf::Timestamp::descriptor()) {
        static constexpr int kNanos[] = {0, 5'000'000, 5'000, 5};
        const Reflection* t = sub->GetReflection();
        t->SetInt64(sub, sub->GetDescriptor()->field(0), 1'700'000'000 + k);
        t->SetInt32(sub, sub->GetDescriptor()->field(1), kNanos[(variant + k) % 4]);
      } else if (f->is_map()) {
        SetValue(sub, f->message_type()->map_key(), variant, depth + 1, false, k);
        SetValue(sub, f->message_type()->map_value(), variant, depth + 1, false, k);
      } else {
        Fill(sub, variant, depth + 1);
      }
      break;
    }
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_DOUBLE:
      FAIL() << f->full_name() << ": the payloads hold no floating point";
  }
}

TEST(StructMappingTest, EveryEventPayloadMapsAsTheJsonRoundTrip) {
  const google::protobuf::OneofDescriptor* payloads = v1::Event::descriptor()->oneof_decl(0);
  ASSERT_GT(payloads->field_count(), 50);
  for (int i = 0; i < payloads->field_count(); ++i) {
    for (int variant = 0; variant < 4; ++variant) {
      v1::Event event;
      Message* payload = event.GetReflection()->MutableMessage(&event, payloads->field(i));
      Fill(payload, variant, 0);
      ExpectSameAsRoundTrip(*payload);
    }
  }
}

TEST(StructMappingTest, EmptyPayloadIsAnEmptyObject) {
  v1::ProposalClaimed empty;
  ExpectSameAsRoundTrip(empty);
}

TEST(StructMappingTest, AnEnumNumberThisBuildDoesNotNameStaysANumber) {
  v1::ProposalSubmitted submitted;
  submitted.mutable_content()->set_category(static_cast<v1::ProposalCategory>(4711));
  ExpectSameAsRoundTrip(submitted);
}

// A message type of its own, for what the payloads do not hold today: maps
// with every kind of key, bytes, and a float.
class DynamicTypes : public ::testing::Test {
 protected:
  void SetUp() override {
    google::protobuf::FileDescriptorProto file;
    file.set_name("struct_mapping_test.proto");
    file.set_package("struct_mapping_test");
    file.set_syntax("proto3");
    google::protobuf::DescriptorProto* maps = file.add_message_type();
    maps->set_name("Maps");
    int number = 1;
    for (auto [name, type] : std::initializer_list<std::pair<const char*, FieldDescriptor::Type>>{
             {"int32", FieldDescriptor::TYPE_INT32},
             {"int64", FieldDescriptor::TYPE_INT64},
             {"uint32", FieldDescriptor::TYPE_UINT32},
             {"uint64", FieldDescriptor::TYPE_UINT64},
             {"bool", FieldDescriptor::TYPE_BOOL},
             {"string", FieldDescriptor::TYPE_STRING}}) {
      // protobuf names a map's entry type after its field: by_int32, ByInt32Entry.
      std::string entry_name = std::string("By") + name + "Entry";
      entry_name[2] = static_cast<char>(std::toupper(entry_name[2]));
      google::protobuf::DescriptorProto* entry = maps->add_nested_type();
      entry->set_name(entry_name);
      entry->mutable_options()->set_map_entry(true);
      auto* key = entry->add_field();
      key->set_name("key");
      key->set_number(1);
      key->set_type(static_cast<google::protobuf::FieldDescriptorProto::Type>(type));
      key->set_label(google::protobuf::FieldDescriptorProto::LABEL_OPTIONAL);
      auto* value = entry->add_field();
      value->set_name("value");
      value->set_number(2);
      value->set_type(google::protobuf::FieldDescriptorProto::TYPE_UINT64);
      value->set_label(google::protobuf::FieldDescriptorProto::LABEL_OPTIONAL);
      auto* field = maps->add_field();
      field->set_name(std::string("by_") + name);
      field->set_number(number++);
      field->set_label(google::protobuf::FieldDescriptorProto::LABEL_REPEATED);
      field->set_type(google::protobuf::FieldDescriptorProto::TYPE_MESSAGE);
      field->set_type_name(".struct_mapping_test.Maps." + entry_name);
    }
    auto* data = maps->add_field();  // bytes, which no payload holds yet
    data->set_name("data");
    data->set_number(number);
    data->set_type(google::protobuf::FieldDescriptorProto::TYPE_BYTES);
    data->set_label(google::protobuf::FieldDescriptorProto::LABEL_REPEATED);
    google::protobuf::DescriptorProto* floats = file.add_message_type();
    floats->set_name("Floats");
    auto* f = floats->add_field();
    f->set_name("ratio");
    f->set_number(1);
    f->set_type(google::protobuf::FieldDescriptorProto::TYPE_FLOAT);
    f->set_label(google::protobuf::FieldDescriptorProto::LABEL_OPTIONAL);
    ASSERT_NE(pool_.BuildFile(file), nullptr);
  }

  std::unique_ptr<Message> New(const std::string& name) {
    return std::unique_ptr<Message>(
        factory_.GetPrototype(pool_.FindMessageTypeByName("struct_mapping_test." + name))->New());
  }

  google::protobuf::DescriptorPool pool_;
  google::protobuf::DynamicMessageFactory factory_;
};

TEST_F(DynamicTypes, MapKeysAndBytesAreTheirJsonText) {
  std::unique_ptr<Message> maps = New("Maps");
  Fill(maps.get(), 0, 0);
  ExpectSameAsRoundTrip(*maps);
}

TEST_F(DynamicTypes, FloatsAreLeftToTheRoundTrip) {
  std::unique_ptr<Message> floats = New("Floats");
  floats->GetReflection()->SetFloat(floats.get(), floats->GetDescriptor()->field(0), 0.1f);
  Struct out;
  EXPECT_FALSE(ToStruct(*floats, &out));
}

TEST(StructMappingTest, TimestampsJsonCannotPrintAreLeftToTheRoundTrip) {
  v1::MilestoneSet set;
  set.set_round("rounds/2024");
  set.mutable_planned_at()->set_seconds(253402300800);  // 10000-01-01
  Struct out;
  EXPECT_FALSE(ToStruct(set, &out));
  set.mutable_planned_at()->set_seconds(253402300799);  // the last second JSON prints
  ExpectSameAsRoundTrip(set);
}

}  // namespace
}  // namespace budget::testing
