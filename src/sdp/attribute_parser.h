// Reading one a= line into a section of the model (detail of the parser): which attributes
// lucid models, at which level each may appear (RFC 8866 §6 and the RFC of each attribute), and
// the typed value each one becomes.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "common/result.h"
#include "sdp/description.h"

namespace lucid::sdp::detail {

// The kind of a= line `name` is; AttributeKind::Other for attributes lucid keeps as text.
AttributeKind attribute_kind(std::string_view name);

// Stores one attribute in a section and returns the index of the stored value within its kind
// (0 for single-valued kinds). The error says what is wrong with the value, without a position.
Result<std::size_t> apply_attribute(Description& session, AttributeKind kind, std::string_view name,
                                    std::optional<std::string_view> value);
Result<std::size_t> apply_attribute(MediaDescription& media, AttributeKind kind, std::string_view name,
                                    std::optional<std::string_view> value);

// Whether an attribute may appear before the first m= line, or inside an m= section.
bool allowed_at_session_level(AttributeKind kind);
bool allowed_at_media_level(AttributeKind kind);

}  // namespace lucid::sdp::detail
