#include "cli/shipped_knowledge.h"

#include <fmt/format.h>

#include <algorithm>

#include "cli/shipped_data.h"
#include "review/knowledge_base_parser.h"

namespace rx::cli {

Result<std::shared_ptr<const KnowledgeBase>> load_knowledge_dir(const std::filesystem::path& dir,
                                                                const Formulary& formulary) {
  std::error_code ec;
  std::vector<std::filesystem::path> paths;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".toml" && it->is_regular_file(ec)) paths.push_back(it->path());
  }
  if (ec) return Status::invalid(fmt::format("cannot read the knowledge base directory {}: {}", dir.string(), ec.message()));
  if (paths.empty()) return Status::invalid(fmt::format("no knowledge base files (*.toml) in {}", dir.string()));
  std::sort(paths.begin(), paths.end());
  std::vector<KnowledgeFile> files;
  for (const auto& p : paths) files.push_back(KnowledgeFile{p.string(), TRY(read_file(p, 8u << 20))});
  KnowledgeBase kb = TRY(parse_knowledge_base(files));
  TRY(check_against_formulary(kb, formulary));
  return std::make_shared<const KnowledgeBase>(std::move(kb));
}

Result<std::shared_ptr<const KnowledgeBase>> load_shipped_knowledge(const Formulary& formulary) {
  auto dir = TRY(share_dir());
  return load_knowledge_dir(dir / "data" / "knowledge", formulary);
}

}  // namespace rx::cli
