// The passwords a run knows (the values of the variables its hosts name in password_env)
// and their removal from everything tuna shows or writes. Logins never show them; this is
// the last defence for a secret that turns up where it does not belong: pasted into a step
// name or a comment, or quoted back in some message.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline.hpp"

namespace tuna::host {

// What a secret is replaced with.
inline constexpr std::string_view redacted = "[redacted]";

class SecretRedactor {
 public:
  SecretRedactor() = default;
  explicit SecretRedactor(std::vector<std::string> secrets);

  // `text` with every secret in it replaced by "[redacted]".
  std::string redact(std::string_view text) const;
  // Every string in `value`, object keys included, redacted.
  nlohmann::ordered_json redact_json(const nlohmann::ordered_json& value) const;

 private:
  std::vector<std::string> secrets_;  // longest first: a secret that contains another goes whole
};

// The values of the variables `pipeline`'s hosts name in password_env, those that are set.
SecretRedactor pipeline_secrets(const Pipeline& pipeline);

// Redacts the names the run writes everywhere (the pipeline's and its steps'), so that
// directories, records and reports all carry the same, redacted, names.
void redact_names(Pipeline& pipeline, const SecretRedactor& secrets);

}  // namespace tuna::host
