#include "clients/budgetctl/rpc.h"

#include "clients/budgetctl/parse.h"

namespace budgetctl {
namespace {

const google::protobuf::FieldDescriptor* Field(const google::protobuf::Message& m,
                                               const char* name) {
  return m.GetDescriptor()->FindFieldByName(name);
}

}  // namespace

int32_t ParsePageSize(const std::string& text) {
  return static_cast<int32_t>(ParseInteger(text, 1, 1000));
}

bool IsPaged(const google::protobuf::Message& request) {
  return Field(request, "page_token") != nullptr;
}

bool WantsOnePage(const google::protobuf::Message& request) {
  const auto* r = request.GetReflection();
  return r->GetInt32(request, Field(request, "page_size")) != 0 ||
         !r->GetString(request, Field(request, "page_token")).empty();
}

std::string NextPageToken(const google::protobuf::Message& response) {
  const auto* field = Field(response, "next_page_token");
  return field == nullptr ? "" : response.GetReflection()->GetString(response, field);
}

void ClearNextPageToken(google::protobuf::Message* response) {
  if (const auto* field = Field(*response, "next_page_token")) {
    response->GetReflection()->ClearField(response, field);
  }
}

void SetPageToken(google::protobuf::Message* request, const std::string& token) {
  request->GetReflection()->SetString(request, Field(*request, "page_token"), token);
}

void SetPageSize(google::protobuf::Message* request, int32_t size) {
  request->GetReflection()->SetInt32(request, Field(*request, "page_size"), size);
}

}  // namespace budgetctl
