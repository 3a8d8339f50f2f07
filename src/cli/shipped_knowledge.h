// The clinical knowledge base rxpress ships: share/rxpress/data/knowledge/*.toml, next to the
// binary like the rest of the shipped data (docs/knowledge-base.md).
#pragma once

#include <filesystem>
#include <memory>

#include "core/drug.h"
#include "core/result.h"
#include "review/knowledge_base.h"

namespace rx::cli {

// Every *.toml file of `dir`, in name order, read as one knowledge base and checked against the
// formulary. A broken file is refused: the error names its path, the line and the reason.
Result<std::shared_ptr<const KnowledgeBase>> load_knowledge_dir(const std::filesystem::path& dir,
                                                                const Formulary& formulary);
// The shipped knowledge base, from share_dir()/data/knowledge.
Result<std::shared_ptr<const KnowledgeBase>> load_shipped_knowledge(const Formulary& formulary);

}  // namespace rx::cli
