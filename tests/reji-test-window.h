/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "reji-test-utils.h"
#include "reji-window.h"

G_BEGIN_DECLS

/* Test cards of the simulator (KOMOJU's published test numbers). */
#define REJI_TEST_CARD_3DS_SUCCESS "4100000000000100"

/* A sale window in training mode on a simulator of the test's own. */
typedef struct
{
  RejiSimulator    *simulator;
  RejiKomojuClient *client;
  RejiWindow       *window;
} RejiTestWindow;

typedef gboolean (*RejiTestPredicate) (gpointer data);

void        reji_test_window_init           (int           *argc,
                                             char        ***argv);
void        reji_test_window_set_up         (RejiTestWindow *fixture,
                                             gconstpointer   user_data);
void        reji_test_window_set_up_client  (RejiTestWindow *fixture,
                                             const char     *base_url,
                                             const char     *secret_key);
void        reji_test_window_tear_down      (RejiTestWindow *fixture,
                                             gconstpointer   user_data);

const char *reji_test_expect                (const char     *english,
                                             const char     *japanese);
GtkWidget  *reji_test_window_child          (RejiTestWindow *fixture,
                                             const char     *name);
GtkWidget  *reji_test_page_child            (RejiTestWindow *fixture,
                                             const char     *page_name,
                                             GType           page_type,
                                             const char     *name);
const char *reji_test_label_text            (GtkWidget      *label);
RejiSale   *reji_test_window_sale           (RejiTestWindow *fixture);

void        reji_test_wait_for              (RejiTestPredicate predicate,
                                             gpointer          data);
void        reji_test_wait_for_state        (RejiTestWindow *fixture,
                                             RejiSaleState   state);
void        reji_test_wait_for_page         (RejiTestWindow *fixture,
                                             const char     *name);

void        reji_test_click                 (GtkWidget      *button);
void        reji_test_fill_form             (RejiTestWindow *fixture,
                                             const char     *amount,
                                             const char     *card_number);
void        reji_test_charge_until_verify   (RejiTestWindow *fixture);
void        reji_test_pass_3ds              (RejiTestWindow *fixture);
void        reji_test_set_scenario          (RejiTestWindow *fixture,
                                             const char     *scenario);
AdwMessageDialog *reji_test_find_dialog     (void);

G_END_DECLS
