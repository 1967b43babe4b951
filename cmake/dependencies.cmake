# Third-party sources that are fetched at configure time and never committed.
# Each pin is the npm package version and the sha512 of its tarball in hex; the
# same digest is what npm publishes as `dist.integrity` (base64), noted beside it.

set(AR_TREE_SITTER_VERSION "0.25.1")
# sha512-mrcEdkYtHfrK1A6fs3O6FxkBo0Qig5XUXqHhxUOQu0bmPo00QF4XaSx4edpazdHwxnSCjlGKGgIqWdaN4dvTLA==
set(AR_TREE_SITTER_SHA512
  "9ab70476462d1dfacad40e9fb373ba171901a344228395d45ea1e1c54390bb46e63e8d34405e17692c7879da5acdd1f0c674828e518a1a022a59d68de1dbd32c")

set(AR_TREE_SITTER_PYTHON_VERSION "0.25.0")
# sha512-eCmJx6zQa35GxaCtQD+wXHOhYqBxEL+bp71W/s3fcDMu06MrtzkVXR437dRrCrbrDbyLuUDJpAgycs7ncngLXw==
set(AR_TREE_SITTER_PYTHON_SHA512
  "782989c7acd06b7e46c5a0ad403fb05c73a162a07110bf9ba7bd56fecddf70332ed3a32bb739155d1e37edd46b0ab6eb0dbc8bb940c9a4083272cee772780b5f")

# The TOML grammar reads `[tool.asyncradar]` from pyproject.toml. Generated for
# ABI 14, which tree-sitter 0.25 loads (it accepts ABI 13 to 15).
set(AR_TREE_SITTER_TOML_VERSION "0.7.0")
# sha512-873Kl518Qm5ghbWadISY41rwFjee0v+2bU4twwvAw2VAJcWwj2vBo3F3hOCXfbqHaFiqc4qh6eLhkMl2YZJS0g==
set(AR_TREE_SITTER_TOML_SHA512
  "f3bdca979d7c426e6085b59a748498e35af016379ed2ffb66d4e2dc30bc0c3654025c5b08f6bc1a3717784e0977dba876858aa738aa1e9e2e190c976619252d2")
