/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "reji-komoju-retry.h"

/* Retry-After values above this are clamped; the caller's total wait
 * limit rejects them anyway. */
#define MAX_RETRY_AFTER_SECONDS (24 * 60 * 60)

/*
 * reji_komoju_parse_retry_after:
 * @value: (nullable): a `Retry-After` header value
 * @now: the current time, for an HTTP date
 * @out_ms: (out): the delay in milliseconds
 *
 * Reads both forms of RFC 9110 `Retry-After`: a number of seconds, or an
 * HTTP date (a date in the past gives 0).
 *
 * Returns: TRUE when @value is present and valid
 */
gboolean
reji_komoju_parse_retry_after (const char *value,
                               GDateTime  *now,
                               guint      *out_ms)
{
  g_autoptr(GDateTime) date = NULL;
  guint64 seconds;
  GTimeSpan difference;

  if (value == NULL)
    return FALSE;

  value += strspn (value, " \t");
  if (g_ascii_isdigit (*value))
    {
      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &seconds, NULL))
        return FALSE;
      *out_ms = MIN (seconds, MAX_RETRY_AFTER_SECONDS) * 1000;
      return TRUE;
    }

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return FALSE;

  difference = g_date_time_difference (date, now);
  if (difference <= 0)
    *out_ms = 0;
  else
    *out_ms = MIN (difference / G_TIME_SPAN_MILLISECOND, MAX_RETRY_AFTER_SECONDS * 1000);

  return TRUE;
}

/*
 * reji_komoju_backoff_delay:
 * @retry: 1 for the first retry, 2 for the second, …
 * @base_ms: the delay cap before the first retry
 * @max_ms: the largest delay cap
 *
 * Picks a delay with "full jitter": a uniformly random value between 0 and
 * min(@max_ms, @base_ms × 2^(@retry − 1)). The randomness keeps many
 * registers that failed together from retrying together.
 *
 * Returns: the delay in milliseconds
 */
guint
reji_komoju_backoff_delay (guint retry,
                           guint base_ms,
                           guint max_ms)
{
  guint64 cap = base_ms;

  for (guint i = 1; i < retry && cap < max_ms; i++)
    cap *= 2;
  cap = MIN (cap, max_ms);

  if (cap == 0)
    return 0;

  return (guint) g_random_int_range (0, (gint32) MIN (cap, G_MAXINT32 - 1) + 1);
}
