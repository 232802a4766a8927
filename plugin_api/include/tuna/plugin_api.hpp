// Everything a plugin includes: the contract between the tuna host and its components.
#pragma once

#include "tuna/component.hpp"
#include "tuna/config.hpp"
#include "tuna/host.hpp"
#include "tuna/result.hpp"
#include "tuna/schema.hpp"
#include "tuna/step.hpp"
