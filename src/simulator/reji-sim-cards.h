/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How the simulator treats a card number, after KOMOJU's published test
 * cards. */
typedef enum
{
  REJI_SIM_CARD_FRICTIONLESS_SUCCESS,
  REJI_SIM_CARD_CHALLENGE_SUCCESS,
  REJI_SIM_CARD_FRICTIONLESS_FAILURE,
  REJI_SIM_CARD_CHALLENGE_FAILURE,
  REJI_SIM_CARD_NO_3DS,
  REJI_SIM_CARD_DECLINE,
} RejiSimCardBehaviour;

/* What the simulator keeps of a card: never the number or security code. */
typedef struct
{
  RejiSimCardBehaviour  behaviour;
  /* KOMOJU's error code for a decline card, NULL for the others. */
  const char           *decline_code;
  /* The scenario spec of one of the simulator's fault cards, such as
   * "drop-after", or NULL. */
  const char           *scenario;
  /* KOMOJU's brand name ("visa", "master", …). */
  const char           *brand;
  char                  last_four[5];
} RejiSimCard;

/* The challenge passwords of KOMOJU's 3-D Secure test page. */
#define REJI_SIM_PASSWORD_SUCCESS "123456"
#define REJI_SIM_PASSWORD_FAILURE "111111"

gboolean     reji_sim_card_number_valid     (const char           *number);
const char  *reji_sim_card_brand_for_number (const char           *number);
void         reji_sim_card_classify         (const char           *number,
                                             RejiSimCard          *out_card);
const char  *reji_sim_card_behaviour_to_string (RejiSimCardBehaviour behaviour);
gboolean     reji_sim_card_needs_challenge  (RejiSimCardBehaviour  behaviour);

G_END_DECLS
