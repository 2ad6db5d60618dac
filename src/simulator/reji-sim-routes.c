/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The table of the simulator's KOMOJU API routes. */

#include "config.h"

#include <string.h>

#include "reji-sim-routes.h"

/* Splits "/payments/ID" after @collection into ID, or "/payments/ID/ACTION"
 * when @action is not NULL; NULL for another path. */
static char *
match_resource (const char *path,
                const char *collection,
                const char *action)
{
  gsize length = strlen (collection);
  const char *id;
  const char *slash;

  if (strncmp (path, collection, length) != 0 || path[length] != '/')
    return NULL;

  id = path + length + 1;
  slash = strchr (id, '/');
  if (*id == '\0' || slash == id)
    return NULL;

  if (action == NULL)
    return slash == NULL ? g_strdup (id) : NULL;

  if (slash == NULL || !g_str_equal (slash + 1, action))
    return NULL;

  return g_strndup (id, slash - id);
}

typedef struct
{
  const char       *collection;
  const char       *action;
  const char       *method;
  RejiSimOperation  operation;
} Route;

/* The API routes: a NULL action is the collection itself when the
 * collection is the whole path, and one resource otherwise. */
static const Route routes[] = {
  { "/secure_tokens", NULL, "POST", REJI_SIM_OPERATION_CREATE_TOKEN },
  { "/secure_tokens/", NULL, "GET", REJI_SIM_OPERATION_SHOW_TOKEN },
  { "/payments", NULL, "POST", REJI_SIM_OPERATION_CREATE_PAYMENT },
  { "/payments", NULL, "GET", REJI_SIM_OPERATION_LIST_PAYMENTS },
  { "/payments/", NULL, "GET", REJI_SIM_OPERATION_SHOW_PAYMENT },
  { "/payments/", "cancel", "POST", REJI_SIM_OPERATION_CANCEL_PAYMENT },
  { "/payments/", "refund", "POST", REJI_SIM_OPERATION_REFUND_PAYMENT },
};

/**
 * reji_sim_route_match:
 * @path: a path after "/api/v1"
 * @method: (nullable): the request method, or %NULL for any
 * @out_operation: (out) (optional): the operation, or
 *   %REJI_SIM_OPERATION_OTHER when no route matches
 * @out_id: (out) (optional): the id in the path, or %NULL
 * @allowed: (nullable): with @method %NULL, receives the allowed methods,
 *   such as "GET, POST"
 *
 * Finds the API route of @path.
 *
 * Returns: %TRUE when a route matches
 */
gboolean
reji_sim_route_match (const char        *path,
                      const char        *method,
                      RejiSimOperation  *out_operation,
                      char             **out_id,
                      GString           *allowed)
{
  gboolean found = FALSE;

  if (out_operation != NULL)
    *out_operation = REJI_SIM_OPERATION_OTHER;
  if (out_id != NULL)
    *out_id = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const Route *route = &routes[i];
      gboolean is_resource = g_str_has_suffix (route->collection, "/");
      g_autofree char *collection = g_strndup (route->collection,
                                               strlen (route->collection) - (is_resource ? 1 : 0));
      g_autofree char *id = NULL;

      if (is_resource)
        id = match_resource (path, collection, route->action);
      if (is_resource ? id == NULL : !g_str_equal (path, collection))
        continue;

      if (method == NULL)
        {
          g_string_append_printf (allowed, "%s%s", allowed->len > 0 ? ", " : "", route->method);
          found = TRUE;
          continue;
        }

      if (!g_str_equal (method, route->method))
        continue;

      if (out_operation != NULL)
        *out_operation = route->operation;
      if (out_id != NULL)
        *out_id = g_steal_pointer (&id);
      return TRUE;
    }

  return found;
}
