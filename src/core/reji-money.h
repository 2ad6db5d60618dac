/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REJI_MONEY_ERROR (reji_money_error_quark ())

/* Each code names one reason an amount typed by the cashier is rejected. */
typedef enum
{
  REJI_MONEY_ERROR_EMPTY,
  REJI_MONEY_ERROR_INVALID,
  REJI_MONEY_ERROR_NEGATIVE,
  REJI_MONEY_ERROR_ZERO,
  REJI_MONEY_ERROR_FRACTION_NOT_ALLOWED,
  REJI_MONEY_ERROR_TOO_MANY_DECIMALS,
  REJI_MONEY_ERROR_OVERFLOW,
  REJI_MONEY_ERROR_UNKNOWN_CURRENCY,
} RejiMoneyError;

/* A currency KOMOJU accepts, with its ISO 4217 code and the number of
 * decimal digits of its minor unit as KOMOJU applies it (0 for JPY, KRW
 * and VND, 2 for the others). */
typedef struct
{
  const char *code;
  guint exponent;
  const char *symbol;
} RejiCurrency;

/* The largest amount KOMOJU's API takes, in minor units: `amount` is an
 * int32 in KOMOJU's payment model. */
#define REJI_MONEY_MAX_MINOR_UNITS ((gint64) G_MAXINT32)

GQuark               reji_money_error_quark  (void);

const RejiCurrency  *reji_currency_lookup    (const char    *code);
const RejiCurrency  *reji_currency_get_all   (guint         *n_currencies);

gboolean             reji_money_parse        (const char    *text,
                                              const char    *currency_code,
                                              gint64        *out_minor_units,
                                              GError       **error);
char                *reji_money_format       (gint64         minor_units,
                                              const char    *currency_code);

G_END_DECLS
