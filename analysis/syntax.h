#ifndef AR_SYNTAX_H
#define AR_SYNTAX_H

/* Symbol and field ids of the Python grammar, looked up once so the walks
 * compare integers instead of node type strings. */

#include <stdbool.h>
#include <tree_sitter/api.h>

typedef struct {
  TSSymbol module, identifier, attribute, call, argument_list, keyword_argument,
      string, string_content, comment, block, expression_statement,
      function_definition, lambda, class_definition, decorated_definition,
      list_comprehension, set_comprehension, dictionary_comprehension,
      generator_expression, for_in_clause, parameters, lambda_parameters,
      default_parameter, typed_parameter, typed_default_parameter,
      list_splat_pattern, dictionary_splat_pattern, tuple_pattern, list_pattern,
      pattern_list, parenthesized_expression, import_statement,
      import_from_statement, future_import_statement, aliased_import,
      dotted_name, relative_import, wildcard_import, assignment,
      augmented_assignment, for_statement, with_item, as_pattern,
      as_pattern_target, except_clause, named_expression, global_statement,
      nonlocal_statement, none, tuple, list, kw_async, error, type, generic_type,
      type_parameter, union_type, subscript, binary_operator, with_statement, while_statement,
      false_, integer, float_, yield, await, decorator, return_statement, break_statement,
      if_statement;
  TSFieldId f_name, f_alias, f_body, f_parameters, f_function, f_arguments,
      f_object, f_attribute, f_left, f_right, f_value, f_module_name,
      f_definition, f_type, f_subscript, f_operator, f_return_type, f_superclasses,
      f_condition, f_alternative, f_consequence;
} syn_ids;

const TSLanguage *syn_language(void);
/* Lazily initialised, never freed: the ids are constants of the grammar. */
const syn_ids *syn_get(void);

/* Moves a cursor to the next node in pre-order, staying within the node the
 * cursor was created on; false when the walk is over. Iterative, so user
 * code of any depth is walked without recursion. */
bool syn_cursor_next(TSTreeCursor *c);

/* Like syn_cursor_next, but past the current node's subtree. */
bool syn_cursor_skip(TSTreeCursor *c);

#endif
