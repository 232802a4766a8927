#include "secret_redactor.hpp"

#include <algorithm>
#include <cstdlib>

namespace tuna::host {

SecretRedactor::SecretRedactor(std::vector<std::string> secrets) : secrets_(std::move(secrets)) {
  std::erase_if(secrets_, [](const std::string& secret) { return secret.empty(); });
  std::ranges::sort(secrets_, std::ranges::greater{}, &std::string::size);
}

// One pass from left to right: what replaced a secret is never searched again, so a
// secret that is part of "[redacted]" cannot garble it.
std::string SecretRedactor::redact(std::string_view text) const {
  if (secrets_.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const auto found = std::ranges::find_if(
        secrets_, [&](const std::string& secret) { return text.substr(at).starts_with(secret); });
    if (found == secrets_.end()) {
      out += text[at++];
    } else {
      out += redacted;
      at += found->size();
    }
  }
  return out;
}

nlohmann::ordered_json SecretRedactor::redact_json(const nlohmann::ordered_json& value) const {
  if (secrets_.empty()) return value;
  if (value.is_string()) return redact(value.get_ref<const std::string&>());
  if (value.is_array()) {
    auto out = nlohmann::ordered_json::array();
    for (const auto& element : value) out.push_back(redact_json(element));
    return out;
  }
  if (value.is_object()) {
    auto out = nlohmann::ordered_json::object();
    for (const auto& [key, element] : value.items()) out[redact(key)] = redact_json(element);
    return out;
  }
  return value;
}

SecretRedactor pipeline_secrets(const Pipeline& pipeline) {
  std::vector<std::string> secrets;
  for (const auto& host : pipeline.hosts) {
    if (host.password_env.empty()) continue;
    if (const char* value = std::getenv(host.password_env.c_str())) secrets.emplace_back(value);
  }
  return SecretRedactor(std::move(secrets));
}

void redact_names(Pipeline& pipeline, const SecretRedactor& secrets) {
  pipeline.name = secrets.redact(pipeline.name);
  pipeline.description = secrets.redact(pipeline.description);
  for (auto& step : pipeline.steps) step.name = secrets.redact(step.name);
}

}  // namespace tuna::host
