#include "services/audit/log_entry.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "services/audit/struct_mapping.h"
#include "services/domain/time_util.h"

namespace budget {

const google::protobuf::Message* PayloadOf(const v1::Event& event) {
  const auto* field =
      event.GetReflection()->GetOneofFieldDescriptor(event, v1::Event::descriptor()->oneof_decl(0));
  return field == nullptr ? nullptr : &event.GetReflection()->GetMessage(event, field);
}

namespace {

google::protobuf::util::JsonPrintOptions JsonOptions() {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  return options;
}

// The envelope's fields; the payload is left to the caller.
v1::LogEntry EnvelopeFields(const eventstore::EnvelopeView& e) {
  v1::LogEntry out;
  out.set_position(e.position);
  out.set_stream(std::string(e.stream));
  out.set_version(e.version);
  out.set_type(std::string(e.type));
  *out.mutable_recorded_at() = ToProto(e.recorded_at);
  out.set_actor(std::string(e.actor));
  out.set_request_id(std::string(e.request_id));
  out.set_hash(base::HashToHex(e.hash));
  out.set_prev_hash(base::HashToHex(e.prev_hash));
  out.set_payload_bytes(std::string(e.payload.data(), e.payload.size()));
  return out;
}

// The stored event with its personal fields as `view` shows them.
absl::StatusOr<v1::Event> ShownEvent(const eventstore::EnvelopeView& e, const PersonalView& view) {
  v1::Event event;
  if (!event.ParseFromArray(e.payload.data(), static_cast<int>(e.payload.size()))) {
    return absl::DataLossError(absl::StrCat("event ", e.position, " has an unreadable payload"));
  }
  view.Show(&event);
  return event;
}

// True when events of `type` (their payload message's full name) can hold a
// personal field; a name no event payload has is taken to.
bool TypeMayHoldPersonal(absl::string_view type) {
  static const auto* const kWithout = [] {
    auto* without = new absl::flat_hash_set<std::string>();
    const google::protobuf::OneofDescriptor* payloads = v1::Event::descriptor()->oneof_decl(0);
    for (int i = 0; i < payloads->field_count(); ++i) {
      const google::protobuf::Descriptor* type = payloads->field(i)->message_type();
      if (type != nullptr && !MayHoldPersonal(type)) without->insert(type->full_name());
    }
    return without;
  }();
  return !kWithout->contains(type);
}

std::string JsonOf(const google::protobuf::Message* payload) {
  if (payload == nullptr) return "{}";
  // Printing a message this process parsed cannot fail.
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(*payload, &json, JsonOptions());
  return json;
}

}  // namespace

absl::StatusOr<std::string> PayloadJson(const eventstore::EnvelopeView& e,
                                        const PersonalView& view) {
  absl::StatusOr<v1::Event> event = ShownEvent(e, view);
  if (!event.ok()) return event.status();
  return JsonOf(PayloadOf(*event));
}

absl::StatusOr<v1::LogEntry> ToLogEntry(const eventstore::EnvelopeView& e, const PersonalView& view,
                                        PayloadForm form) {
  if (form == PayloadForm::kBytesUnlessPersonal && !TypeMayHoldPersonal(e.type)) {
    return EnvelopeFields(e);
  }
  absl::StatusOr<v1::Event> event = ShownEvent(e, view);
  if (!event.ok()) return event.status();
  v1::LogEntry out = EnvelopeFields(e);
  const google::protobuf::Message* payload = PayloadOf(*event);
  if (payload != nullptr && !ToStruct(*payload, out.mutable_payload())) {
    (void)google::protobuf::util::JsonStringToMessage(JsonOf(payload), out.mutable_payload());
  }
  return out;
}

absl::StatusOr<std::string> LogEntryJson(const eventstore::EnvelopeView& e,
                                         const PersonalView& view) {
  absl::StatusOr<std::string> payload = PayloadJson(e, view);
  if (!payload.ok()) return payload.status();
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(EnvelopeFields(e), &json, JsonOptions());
  // The payload goes last, printed from its own message rather than a Struct.
  json.pop_back();  // the closing brace
  absl::StrAppend(&json, json.size() > 1 ? "," : "", "\"payload\":", *payload, "}");
  return json;
}

absl::StatusOr<eventstore::Envelope> ToEnvelope(const v1::LogEntry& entry) {
  eventstore::Envelope e;
  e.position = entry.position();
  e.stream = entry.stream();
  e.version = entry.version();
  e.type = entry.type();
  e.recorded_at = FromProto(entry.recorded_at());
  e.actor = entry.actor();
  e.request_id = entry.request_id();
  e.payload = entry.payload_bytes();
  if (!base::HashFromHex(entry.hash(), &e.hash) ||
      !base::HashFromHex(entry.prev_hash(), &e.prev_hash)) {
    return absl::InvalidArgumentError(
        absl::StrCat("entry ", entry.position(), ": a hash is not 64 hex digits"));
  }
  return e;
}

bool Mentions(const google::protobuf::Message& message, absl::string_view name) {
  const auto* reflection = message.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const auto* f : fields) {
    using FD = google::protobuf::FieldDescriptor;
    if (f->cpp_type() == FD::CPPTYPE_STRING) {
      if (f->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, f); ++i) {
          if (reflection->GetRepeatedString(message, f, i) == name) return true;
        }
      } else if (reflection->GetString(message, f) == name) {
        return true;
      }
    } else if (f->cpp_type() == FD::CPPTYPE_MESSAGE) {
      if (f->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, f); ++i) {
          if (Mentions(reflection->GetRepeatedMessage(message, f, i), name)) return true;
        }
      } else if (Mentions(reflection->GetMessage(message, f), name)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace budget
