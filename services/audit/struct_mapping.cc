#include "services/audit/struct_mapping.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"
#include "services/domain/time_util.h"

namespace budget {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::Value;

bool MessageValue(const Message& message, Value* out);

// One value of field `f`: the singular one when `index` is negative,
// otherwise that element of the repeated field.
bool FieldValue(const Message& m, const FieldDescriptor* f, int index, Value* out) {
  const Reflection* r = m.GetReflection();
  const bool one = index < 0;
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      out->set_number_value(one ? r->GetInt32(m, f) : r->GetRepeatedInt32(m, f, index));
      return true;
    case FieldDescriptor::CPPTYPE_UINT32:
      out->set_number_value(one ? r->GetUInt32(m, f) : r->GetRepeatedUInt32(m, f, index));
      return true;
    // 64-bit integers are strings in the JSON mapping: a double cannot hold them.
    case FieldDescriptor::CPPTYPE_INT64:
      out->set_string_value(
          absl::StrCat(one ? r->GetInt64(m, f) : r->GetRepeatedInt64(m, f, index)));
      return true;
    case FieldDescriptor::CPPTYPE_UINT64:
      out->set_string_value(
          absl::StrCat(one ? r->GetUInt64(m, f) : r->GetRepeatedUInt64(m, f, index)));
      return true;
    case FieldDescriptor::CPPTYPE_BOOL:
      out->set_bool_value(one ? r->GetBool(m, f) : r->GetRepeatedBool(m, f, index));
      return true;
    case FieldDescriptor::CPPTYPE_ENUM: {
      if (f->enum_type()->full_name() == "google.protobuf.NullValue") return false;
      const int number = one ? r->GetEnumValue(m, f) : r->GetRepeatedEnumValue(m, f, index);
      // A number this build does not name stays a number, as JSON prints it.
      if (const auto* value = f->enum_type()->FindValueByNumber(number)) {
        out->set_string_value(value->name());
      } else {
        out->set_number_value(number);
      }
      return true;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& s = one ? r->GetStringReference(m, f, &scratch)
                                 : r->GetRepeatedStringReference(m, f, index, &scratch);
      if (f->type() == FieldDescriptor::TYPE_BYTES) {
        out->set_string_value(absl::Base64Escape(s));
      } else {
        out->set_string_value(s);
      }
      return true;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return MessageValue(one ? r->GetMessage(m, f) : r->GetRepeatedMessage(m, f, index), out);
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return false;
  }
  return false;
}

// A map's key as JSON prints it: always a string.
std::string MapKey(const Message& entry, const FieldDescriptor* key) {
  const Reflection* r = entry.GetReflection();
  switch (key->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(r->GetInt32(entry, key));
    case FieldDescriptor::CPPTYPE_UINT32:
      return absl::StrCat(r->GetUInt32(entry, key));
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(r->GetInt64(entry, key));
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(r->GetUInt64(entry, key));
    case FieldDescriptor::CPPTYPE_BOOL:
      return r->GetBool(entry, key) ? "true" : "false";
    default:  // the only other type a key may have
      return r->GetString(entry, key);
  }
}

bool MapValue(const Message& m, const FieldDescriptor* f, Value* out) {
  const Reflection* r = m.GetReflection();
  const FieldDescriptor* key = f->message_type()->map_key();
  const FieldDescriptor* value = f->message_type()->map_value();
  google::protobuf::Struct* object = out->mutable_struct_value();
  for (int i = 0; i < r->FieldSize(m, f); ++i) {
    const Message& entry = r->GetRepeatedMessage(m, f, i);
    if (!FieldValue(entry, value, -1, &(*object->mutable_fields())[MapKey(entry, key)])) {
      return false;
    }
  }
  return true;
}

bool StructOf(const Message& m, google::protobuf::Struct* out) {
  const Reflection* r = m.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  // The fields JSON prints: set ones, proto3 scalars when not their default.
  r->ListFields(m, &fields);
  for (const FieldDescriptor* f : fields) {
    if (f->is_extension()) return false;
    Value& value = (*out->mutable_fields())[f->name()];
    if (f->is_map()) {
      if (!MapValue(m, f, &value)) return false;
    } else if (f->is_repeated()) {
      google::protobuf::ListValue* list = value.mutable_list_value();
      for (int i = 0; i < r->FieldSize(m, f); ++i) {
        if (!FieldValue(m, f, i, list->add_values())) return false;
      }
    } else if (!FieldValue(m, f, -1, &value)) {
      return false;
    }
  }
  return true;
}

bool MessageValue(const Message& message, Value* out) {
  const google::protobuf::Descriptor* d = message.GetDescriptor();
  if (d == google::protobuf::Timestamp::descriptor()) {
    google::protobuf::Timestamp t;
    t.CopyFrom(message);
    if (!IsValidTimestamp(t)) return false;
    out->set_string_value(google::protobuf::util::TimeUtil::ToString(t));
    return true;
  }
  if (d->file()->package() == "google.protobuf") return false;
  return StructOf(message, out->mutable_struct_value());
}

}  // namespace

bool ToStruct(const Message& message, google::protobuf::Struct* out) {
  out->Clear();
  if (message.GetDescriptor()->file()->package() == "google.protobuf") return false;
  return StructOf(message, out);
}

}  // namespace budget
