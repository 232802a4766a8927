// What a command's run means: its measurement (status, message, metrics, details) and
// its output file.
#pragma once

#include <filesystem>

#include <tuna/result.hpp>

#include "component/command_run.hpp"
#include "component/command_settings.hpp"

namespace tuna::command {

// passed: an accepted exit status; failed: another status or a signal of its own;
// error: it could not start, could not be run (126/127 from argv), or tuna stopped it.
tuna::Measurement make_measurement(const CommandSettings& settings, const CommandRun& run);

// Both streams in arrival order, each line "<UTC stamp> out|err <text>". Throws
// std::runtime_error when the file cannot be written.
void write_output_file(const std::filesystem::path& path, const support::OutputLog& output);

}  // namespace tuna::command
