// Reads the knowledge base from its TOML text (docs/knowledge-base.md describes the format).
// Pure: the caller reads the files and hands over their names and contents.
#pragma once

#include <string>
#include <vector>

#include "core/drug.h"
#include "core/result.h"
#include "review/knowledge_base.h"

namespace rx {

struct KnowledgeFile {
  std::string name;  // as errors show it: "interactions.toml"
  std::string text;
};

// All the files as one knowledge base: a class may be defined in one file and used in another.
// The first error found is returned as "<file>:<line>: <entry>: <what was expected, what was found>".
Result<KnowledgeBase> parse_knowledge_base(const std::vector<KnowledgeFile>& files);

// Every formulary code the knowledge base names (LASA members) is a drug of `formulary`; the
// error names the entry's file:line and the code.
Status check_against_formulary(const KnowledgeBase& kb, const Formulary& formulary);

}  // namespace rx
