#include "syntax.h"

#include <string.h>

const TSLanguage *tree_sitter_python(void);

static syn_ids ids;
static int ready;

const TSLanguage *syn_language(void) { return tree_sitter_python(); }

static TSSymbol sym(const TSLanguage *lang, const char *name, int named) {
  return ts_language_symbol_for_name(lang, name, (uint32_t)strlen(name), named);
}

static TSFieldId field(const TSLanguage *lang, const char *name) {
  return ts_language_field_id_for_name(lang, name, (uint32_t)strlen(name));
}

const syn_ids *syn_get(void) {
  if (ready) return &ids;
  const TSLanguage *l = syn_language();
  ids.module = sym(l, "module", 1);
  ids.identifier = sym(l, "identifier", 1);
  ids.attribute = sym(l, "attribute", 1);
  ids.call = sym(l, "call", 1);
  ids.argument_list = sym(l, "argument_list", 1);
  ids.keyword_argument = sym(l, "keyword_argument", 1);
  ids.string = sym(l, "string", 1);
  ids.string_content = sym(l, "string_content", 1);
  ids.comment = sym(l, "comment", 1);
  ids.block = sym(l, "block", 1);
  ids.expression_statement = sym(l, "expression_statement", 1);
  ids.function_definition = sym(l, "function_definition", 1);
  ids.lambda = sym(l, "lambda", 1);
  ids.class_definition = sym(l, "class_definition", 1);
  ids.decorated_definition = sym(l, "decorated_definition", 1);
  ids.list_comprehension = sym(l, "list_comprehension", 1);
  ids.set_comprehension = sym(l, "set_comprehension", 1);
  ids.dictionary_comprehension = sym(l, "dictionary_comprehension", 1);
  ids.generator_expression = sym(l, "generator_expression", 1);
  ids.for_in_clause = sym(l, "for_in_clause", 1);
  ids.parameters = sym(l, "parameters", 1);
  ids.lambda_parameters = sym(l, "lambda_parameters", 1);
  ids.default_parameter = sym(l, "default_parameter", 1);
  ids.typed_parameter = sym(l, "typed_parameter", 1);
  ids.typed_default_parameter = sym(l, "typed_default_parameter", 1);
  ids.list_splat_pattern = sym(l, "list_splat_pattern", 1);
  ids.dictionary_splat_pattern = sym(l, "dictionary_splat_pattern", 1);
  ids.tuple_pattern = sym(l, "tuple_pattern", 1);
  ids.list_pattern = sym(l, "list_pattern", 1);
  ids.pattern_list = sym(l, "pattern_list", 1);
  ids.parenthesized_expression = sym(l, "parenthesized_expression", 1);
  ids.import_statement = sym(l, "import_statement", 1);
  ids.import_from_statement = sym(l, "import_from_statement", 1);
  ids.future_import_statement = sym(l, "future_import_statement", 1);
  ids.aliased_import = sym(l, "aliased_import", 1);
  ids.dotted_name = sym(l, "dotted_name", 1);
  ids.relative_import = sym(l, "relative_import", 1);
  ids.wildcard_import = sym(l, "wildcard_import", 1);
  ids.assignment = sym(l, "assignment", 1);
  ids.augmented_assignment = sym(l, "augmented_assignment", 1);
  ids.for_statement = sym(l, "for_statement", 1);
  ids.with_item = sym(l, "with_item", 1);
  ids.as_pattern = sym(l, "as_pattern", 1);
  ids.as_pattern_target = sym(l, "as_pattern_target", 1);
  ids.except_clause = sym(l, "except_clause", 1);
  ids.named_expression = sym(l, "named_expression", 1);
  ids.global_statement = sym(l, "global_statement", 1);
  ids.nonlocal_statement = sym(l, "nonlocal_statement", 1);
  ids.none = sym(l, "none", 1);
  ids.tuple = sym(l, "tuple", 1);
  ids.list = sym(l, "list", 1);
  ids.kw_async = sym(l, "async", 0);
  ids.error = sym(l, "ERROR", 1);
  ids.yield = sym(l, "yield", 1);
  ids.await = sym(l, "await", 1);
  ids.decorator = sym(l, "decorator", 1);
  ids.type = sym(l, "type", 1);
  ids.generic_type = sym(l, "generic_type", 1);
  ids.type_parameter = sym(l, "type_parameter", 1);
  ids.union_type = sym(l, "union_type", 1);
  ids.subscript = sym(l, "subscript", 1);
  ids.binary_operator = sym(l, "binary_operator", 1);
  ids.with_statement = sym(l, "with_statement", 1);
  ids.while_statement = sym(l, "while_statement", 1);
  ids.false_ = sym(l, "false", 1);
  ids.integer = sym(l, "integer", 1);
  ids.float_ = sym(l, "float", 1);
  ids.return_statement = sym(l, "return_statement", 1);
  ids.break_statement = sym(l, "break_statement", 1);
  ids.if_statement = sym(l, "if_statement", 1);
  ids.f_name = field(l, "name");
  ids.f_condition = field(l, "condition");
  ids.f_alternative = field(l, "alternative");
  ids.f_consequence = field(l, "consequence");
  ids.f_alias = field(l, "alias");
  ids.f_body = field(l, "body");
  ids.f_parameters = field(l, "parameters");
  ids.f_function = field(l, "function");
  ids.f_arguments = field(l, "arguments");
  ids.f_object = field(l, "object");
  ids.f_attribute = field(l, "attribute");
  ids.f_left = field(l, "left");
  ids.f_right = field(l, "right");
  ids.f_value = field(l, "value");
  ids.f_module_name = field(l, "module_name");
  ids.f_definition = field(l, "definition");
  ids.f_type = field(l, "type");
  ids.f_subscript = field(l, "subscript");
  ids.f_operator = field(l, "operator");
  ids.f_return_type = field(l, "return_type");
  ids.f_superclasses = field(l, "superclasses");
  ready = 1;
  return &ids;
}

bool syn_cursor_next(TSTreeCursor *c) {
  return ts_tree_cursor_goto_first_child(c) || syn_cursor_skip(c);
}

bool syn_cursor_skip(TSTreeCursor *c) {
  while (!ts_tree_cursor_goto_next_sibling(c))
    if (!ts_tree_cursor_goto_parent(c)) return false;
  return true;
}
