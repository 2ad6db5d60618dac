/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "reji-sim-cards.h"

typedef struct
{
  const char           *number;
  RejiSimCardBehaviour  behaviour;
  const char           *decline_code;
  const char           *scenario;
} TestCard;

/* KOMOJU's 3-D Secure test cards (one per brand and outcome), its
 * non-3-D Secure test cards and its decline cards, as published on
 * ja.doc.komoju.com (3-D Secure test page and test-cards page), then the
 * simulator's fault cards. */
static const TestCard test_cards[] = {
  { "4100000000000100", REJI_SIM_CARD_FRICTIONLESS_SUCCESS, NULL },
  { "5100000000000107", REJI_SIM_CARD_FRICTIONLESS_SUCCESS, NULL },
  { "3528000000000106", REJI_SIM_CARD_FRICTIONLESS_SUCCESS, NULL },
  { "4100000000005000", REJI_SIM_CARD_CHALLENGE_SUCCESS, NULL },
  { "5100000000005007", REJI_SIM_CARD_CHALLENGE_SUCCESS, NULL },
  { "3528000000005006", REJI_SIM_CARD_CHALLENGE_SUCCESS, NULL },
  { "4100000000500000", REJI_SIM_CARD_FRICTIONLESS_FAILURE, NULL },
  { "5100000000500007", REJI_SIM_CARD_FRICTIONLESS_FAILURE, NULL },
  { "3528000000500006", REJI_SIM_CARD_FRICTIONLESS_FAILURE, NULL },
  { "4100000000300005", REJI_SIM_CARD_CHALLENGE_FAILURE, NULL },
  { "5100000000300002", REJI_SIM_CARD_CHALLENGE_FAILURE, NULL },
  { "3528000000300001", REJI_SIM_CARD_CHALLENGE_FAILURE, NULL },
  { "4111111111111111", REJI_SIM_CARD_NO_3DS, NULL },
  { "5555555555554444", REJI_SIM_CARD_NO_3DS, NULL },
  { "3530111333300000", REJI_SIM_CARD_NO_3DS, NULL },
  { "378282246310005", REJI_SIM_CARD_NO_3DS, NULL },
  { "30569309025904", REJI_SIM_CARD_NO_3DS, NULL },
  { "4123111111111000", REJI_SIM_CARD_DECLINE, "insufficient_funds" },
  { "4123111111111018", REJI_SIM_CARD_DECLINE, "exceeds_limit" },
  { "4123111111111034", REJI_SIM_CARD_DECLINE, "bad_verification_value" },
  { "4123111111111042", REJI_SIM_CARD_DECLINE, "card_expired" },
  { "4123111111111059", REJI_SIM_CARD_DECLINE, "card_declined" },
  { "4123111111111067", REJI_SIM_CARD_DECLINE, "invalid_number" },
  { "4123111111111075", REJI_SIM_CARD_DECLINE, "invalid_number" },
  { "4123111111111083", REJI_SIM_CARD_DECLINE, "fraudulent" },

  /* The simulator's own fault cards, which KOMOJU does not have. Each
   * applies its scenario every time, until the simulator stops. The 4100…
   * cards start NEEDS_VERIFY, and their faults hit `POST /secure_tokens`.
   * The 4111… cards need no 3-D Secure, and their faults hit the charge
   * (`POST /payments`) only.
   *
   * | Card number      | Scenario             |
   * |------------------|----------------------|
   * | 4100000000009994 | needs-verify-forever |
   * | 4100000000009986 | flip:OK:3            |
   * | 4100000000009978 | flip:ERRORED:3       |
   * | 4111111111119999 | charge-never-answers |
   * | 4111111111119981 | drop-after           |
   * | 4111111111119973 | drop-before          |
   * | 4111111111119965 | status:503           |
   * | 4111111111119957 | status:429           |
   * | 4111111111119940 | delay:3000           |
   * | 4111111111119932 | malformed-json       |
   * | 4111111111119924 | truncated-json       |
   */
  { "4100000000009994", REJI_SIM_CARD_FRICTIONLESS_SUCCESS, NULL, "needs-verify-forever" },
  { "4100000000009986", REJI_SIM_CARD_FRICTIONLESS_SUCCESS, NULL, "flip:OK:3" },
  { "4100000000009978", REJI_SIM_CARD_FRICTIONLESS_SUCCESS, NULL, "flip:ERRORED:3" },
  { "4111111111119999", REJI_SIM_CARD_NO_3DS, NULL, "charge-never-answers" },
  { "4111111111119981", REJI_SIM_CARD_NO_3DS, NULL, "drop-after" },
  { "4111111111119973", REJI_SIM_CARD_NO_3DS, NULL, "drop-before" },
  { "4111111111119965", REJI_SIM_CARD_NO_3DS, NULL, "status:503" },
  { "4111111111119957", REJI_SIM_CARD_NO_3DS, NULL, "status:429" },
  { "4111111111119940", REJI_SIM_CARD_NO_3DS, NULL, "delay:3000" },
  { "4111111111119932", REJI_SIM_CARD_NO_3DS, NULL, "malformed-json" },
  { "4111111111119924", REJI_SIM_CARD_NO_3DS, NULL, "truncated-json" },
};

static gboolean
luhn_valid (const char *digits,
            gsize       length)
{
  guint sum = 0;

  for (gsize i = 0; i < length; i++)
    {
      guint digit = digits[length - 1 - i] - '0';

      if (i % 2 == 1)
        {
          digit *= 2;
          if (digit > 9)
            digit -= 9;
        }
      sum += digit;
    }

  return sum % 10 == 0;
}

/**
 * reji_sim_card_number_valid:
 * @number: a card number as the request sent it
 *
 * Checks that @number is 12 to 19 ASCII digits with a valid Luhn check
 * digit.
 */
gboolean
reji_sim_card_number_valid (const char *number)
{
  gsize length = strlen (number);

  if (length < 12 || length > 19)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (number[i]))
        return FALSE;
    }

  return luhn_valid (number, length);
}

static gboolean
prefix_in_range (const char *number,
                 guint       n_digits,
                 guint       first,
                 guint       last)
{
  guint prefix = 0;

  if (strlen (number) < n_digits)
    return FALSE;

  for (guint i = 0; i < n_digits; i++)
    prefix = prefix * 10 + (number[i] - '0');

  return prefix >= first && prefix <= last;
}

/**
 * reji_sim_card_brand_for_number:
 * @number: a valid card number
 *
 * Finds the brand of @number from its issuer prefix.
 *
 * Returns: KOMOJU's brand name ("visa", "master", "jcb",
 *   "american_express" or "diners_club"), or %NULL for a brand KOMOJU's
 *   secure tokens do not take
 */
const char *
reji_sim_card_brand_for_number (const char *number)
{
  if (number[0] == '4')
    return "visa";
  if (prefix_in_range (number, 2, 51, 55) || prefix_in_range (number, 4, 2221, 2720))
    return "master";
  if (prefix_in_range (number, 4, 3528, 3589))
    return "jcb";
  if (prefix_in_range (number, 2, 34, 34) || prefix_in_range (number, 2, 37, 37))
    return "american_express";
  if (prefix_in_range (number, 3, 300, 305) || prefix_in_range (number, 2, 36, 36)
      || prefix_in_range (number, 2, 38, 39))
    return "diners_club";

  return NULL;
}

/**
 * reji_sim_card_classify:
 * @number: a valid card number of a supported brand
 * @out_card: (out caller-allocates): what the simulator keeps of the card
 *
 * Looks @number up among KOMOJU's test cards. A number that is not a test
 * card behaves like a frictionless 3-D Secure success.
 */
void
reji_sim_card_classify (const char  *number,
                        RejiSimCard *out_card)
{
  gsize length = strlen (number);

  out_card->behaviour = REJI_SIM_CARD_FRICTIONLESS_SUCCESS;
  out_card->decline_code = NULL;
  out_card->scenario = NULL;
  out_card->brand = reji_sim_card_brand_for_number (number);
  g_strlcpy (out_card->last_four, number + length - 4, sizeof out_card->last_four);

  for (gsize i = 0; i < G_N_ELEMENTS (test_cards); i++)
    {
      if (strcmp (test_cards[i].number, number) == 0)
        {
          out_card->behaviour = test_cards[i].behaviour;
          out_card->decline_code = test_cards[i].decline_code;
          out_card->scenario = test_cards[i].scenario;
          return;
        }
    }
}

const char *
reji_sim_card_behaviour_to_string (RejiSimCardBehaviour behaviour)
{
  switch (behaviour)
    {
    case REJI_SIM_CARD_FRICTIONLESS_SUCCESS:
      return "frictionless_success";
    case REJI_SIM_CARD_CHALLENGE_SUCCESS:
      return "challenge_success";
    case REJI_SIM_CARD_FRICTIONLESS_FAILURE:
      return "frictionless_failure";
    case REJI_SIM_CARD_CHALLENGE_FAILURE:
      return "challenge_failure";
    case REJI_SIM_CARD_NO_3DS:
      return "no_3ds";
    case REJI_SIM_CARD_DECLINE:
      return "decline";
    default:
      g_assert_not_reached ();
    }
}

/* Checks whether the 3-D Secure page of a card with @behaviour shows a
 * password form. */
gboolean
reji_sim_card_needs_challenge (RejiSimCardBehaviour behaviour)
{
  return behaviour == REJI_SIM_CARD_CHALLENGE_SUCCESS
         || behaviour == REJI_SIM_CARD_CHALLENGE_FAILURE;
}
