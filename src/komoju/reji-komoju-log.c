/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "reji-komoju-log.h"

/* Debug logs of every request and response. Card numbers, security codes
 * and the Authorization header are masked before a line is formatted. */

#define REDACTED "[redacted]"

/* The maximum body excerpt a debug line shows, in bytes. */
#define MAX_LOGGED_BODY 4096

/* A JSON member that contains a card number or security code, with a string
 * or bare value. */
#define CARD_MEMBER_PATTERN \
  "(\"(?:number|verification_value)\"\\s*:\\s*)(?:\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\]\\s]+)"

/* 13 or more digits, each pair optionally separated by one space or
 * hyphen: every length a card number can have (13–19), written either
 * way. Longer runs are masked too. */
#define DIGIT_RUN_PATTERN "[0-9](?:[ -]?[0-9]){12,}"

static GRegex *
get_regex (GRegex     **cache,
           const char  *pattern)
{
  if (g_once_init_enter (cache))
    {
      /* Not G_REGEX_OPTIMIZE: PCRE2's JIT code reads past the end of the
       * string in 16-byte steps, which valgrind reports as invalid reads,
       * and redaction only runs for debug logs, where speed does not count. */
      GRegex *regex = g_regex_new (pattern, G_REGEX_DEFAULT, 0, NULL);

      g_assert (regex != NULL);
      g_once_init_leave (cache, regex);
    }

  return *cache;
}

/*
 * reji_komoju_redact_body:
 * @data: (nullable): a request or response body, not necessarily
 *   NUL-terminated or valid UTF-8
 * @size: the length of @data
 *
 * Returns: (transfer full): a printable copy of @data with the values of
 *   `number` and `verification_value` and every run of 13 or more digits
 *   replaced by "[redacted]", then cut after 4 KiB
 */
char *
reji_komoju_redact_body (const char *data,
                         gsize       size)
{
  static GRegex *card_member_regex;
  static GRegex *digit_run_regex;
  g_autofree char *text = NULL;
  g_autofree char *without_members = NULL;
  char *redacted;

  if (data == NULL || size == 0)
    return g_strdup ("(empty)");

  /* Invalid UTF-8 becomes U+FFFD, so the regexes see valid text. The
   * whole body is redacted before it is cut, so a cut never leaves part
   * of a card number unmasked. */
  text = g_utf8_make_valid (data, size);

  without_members = g_regex_replace (get_regex (&card_member_regex, CARD_MEMBER_PATTERN),
                                     text, -1, 0, "\\1\"" REDACTED "\"", 0, NULL);
  if (without_members == NULL)
    return g_strdup (REDACTED);

  redacted = g_regex_replace_literal (get_regex (&digit_run_regex, DIGIT_RUN_PATTERN),
                                      without_members, -1, 0, REDACTED, 0, NULL);
  if (redacted == NULL)
    return g_strdup (REDACTED);

  if (strlen (redacted) > MAX_LOGGED_BODY)
    {
      char *end = g_utf8_find_prev_char (redacted, redacted + MAX_LOGGED_BODY + 1);
      g_autofree char *cut = g_strndup (redacted, end - redacted);

      g_free (redacted);
      redacted = g_strconcat (cut, "…", NULL);
    }

  return redacted;
}

static void
append_header (const char *name,
               const char *value,
               gpointer    user_data)
{
  GString *text = user_data;

  if (g_ascii_strcasecmp (name, "Authorization") == 0)
    value = "Basic " REDACTED;

  g_string_append_printf (text, "\n  %s: %s", name, value);
}

static char *
format_headers (SoupMessageHeaders *headers)
{
  GString *text = g_string_new (NULL);

  soup_message_headers_foreach (headers, append_header, text);

  return g_string_free (text, FALSE);
}

static gboolean
debug_enabled (void)
{
  return !g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN);
}

/*
 * reji_komoju_log_request:
 * @message: the message about to be sent
 * @body: (nullable): its body
 * @attempt: 1 for the first attempt
 *
 * Logs the method, path, headers (the Authorization value masked) and the
 * redacted body at debug level.
 */
void
reji_komoju_log_request (SoupMessage *message,
                         GBytes      *body,
                         guint        attempt)
{
  g_autofree char *headers = NULL;
  g_autofree char *redacted = NULL;
  const char *data = NULL;
  gsize size = 0;

  if (!debug_enabled ())
    return;

  if (body != NULL)
    data = g_bytes_get_data (body, &size);
  headers = format_headers (soup_message_get_request_headers (message));
  redacted = reji_komoju_redact_body (data, size);

  g_debug ("Request %s %s (attempt %u)%s\n  body: %s",
           soup_message_get_method (message),
           g_uri_get_path (soup_message_get_uri (message)),
           attempt, headers, redacted);
}

/*
 * reji_komoju_log_response:
 * @message: the message whose response headers arrived
 * @body: (nullable): the response body read so far
 * @elapsed_ms: the time since the attempt started
 *
 * Logs the status, headers and redacted body at debug level.
 */
void
reji_komoju_log_response (SoupMessage *message,
                          GBytes      *body,
                          gint64       elapsed_ms)
{
  g_autofree char *headers = NULL;
  g_autofree char *redacted = NULL;
  const char *data = NULL;
  gsize size = 0;

  if (!debug_enabled ())
    return;

  if (body != NULL)
    data = g_bytes_get_data (body, &size);
  headers = format_headers (soup_message_get_response_headers (message));
  redacted = reji_komoju_redact_body (data, size);

  g_debug ("Response to %s %s: HTTP %u in %" G_GINT64_FORMAT " ms%s\n  body: %s",
           soup_message_get_method (message),
           g_uri_get_path (soup_message_get_uri (message)),
           soup_message_get_status (message), elapsed_ms, headers, redacted);
}
