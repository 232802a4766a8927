#include "run_resume.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <sstream>

#include "run_reports.hpp"

namespace tuna::host {

namespace fs = std::filesystem;

ResumePoint resume_point(const fs::path& run_dir, const std::string& pipeline_source) {
  if (const auto why = not_a_run_directory(run_dir)) throw ResumeError(*why);
  std::ifstream kept(run_dir / "pipeline.yaml", std::ios::binary);
  std::stringstream kept_text;
  kept_text << kept.rdbuf();
  if (kept_text.str() != pipeline_source)
    throw ResumeError(
        fmt::format("{}/pipeline.yaml is not this pipeline: a resumed run must run the pipeline it began",
                    run_dir.string()));

  struct Outcome {
    std::size_t records = 0;
    bool measured = true;  // every record passed or failed
    bool failed = false;
  };
  std::map<std::pair<std::string, int>, Outcome> seen;
  for (const auto& record : read_results(run_dir / "results.jsonl").records) {
    auto& outcome = seen[{record.value("step", ""), record.value("repetition", 0)}];
    const auto status = record.value("status", "");
    ++outcome.records;
    outcome.measured = outcome.measured && (status == "passed" || status == "failed");
    outcome.failed = outcome.failed || status == "failed";
  }
  ResumePoint point;
  for (const auto& [key, outcome] : seen) {
    if (!outcome.measured) continue;
    point.done.insert(key);
    point.any_failed = point.any_failed || outcome.failed;
    point.records += outcome.records;
  }
  return point;
}

}  // namespace tuna::host
