/* The kiosk's entry point: translations set up before anything else,
 * then the application (vt-application.c) runs. */
#include "config.h"

#include "vt-application.h"
#include "vt-language.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VtApplication) app = NULL;

  vt_language_init ();
  app = vt_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
