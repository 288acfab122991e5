// Status propagation helpers. Abseil 20220623 has no status macros, so the
// project defines its two here, once.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define EG_CONCAT_INNER_(a, b) a##b
#define EG_CONCAT_(a, b) EG_CONCAT_INNER_(a, b)

// Returns from the enclosing function when `expr` (an absl::Status) is not OK.
#define RETURN_IF_ERROR(expr)                      \
  do {                                             \
    ::absl::Status eg_status_ = (expr);            \
    if (!eg_status_.ok()) return eg_status_;       \
  } while (0)

// Evaluates `rexpr` (an absl::StatusOr<T>); on error returns its status,
// otherwise move-assigns the value to `lhs` (which may be a declaration).
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  ASSIGN_OR_RETURN_IMPL_(EG_CONCAT_(eg_statusor_, __LINE__), lhs, rexpr)
#define ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                           \
  if (!statusor.ok()) return statusor.status();      \
  lhs = std::move(statusor).value()
