// `tuna run PIPELINE --resume DIR`: what an interrupted run already measured, so that
// running the pipeline again into DIR does not repeat it.
#pragma once

#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

namespace tuna::host {

// A resume that cannot be: the directory is not a run of this pipeline (exit 2).
struct ResumeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ResumePoint {
  // (step, repetition) pairs to skip: every record they left has a measured outcome
  // (passed or failed). A repetition with an error record (an interruption, a host that
  // went away) runs again whole: a component measures a repetition as one piece.
  std::set<std::pair<std::string, int>> done;
  bool any_failed = false;  // among the records of `done`, for the exit status
  std::size_t records = 0;  // how many records of `done` there are
};

// Reads `run_dir`/results.jsonl. Throws ResumeError when `run_dir` has no run, or its
// pipeline.yaml differs from `pipeline_source` (the run would mix two pipelines).
ResumePoint resume_point(const std::filesystem::path& run_dir, const std::string& pipeline_source);

}  // namespace tuna::host
