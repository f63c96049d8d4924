#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* What a citizen typed is overwritten, not only freed, when their session
 * ends, so it does not stay in the kiosk's memory (a core dump, a swap
 * page, the next allocation) for the next person.  explicit_bzero(), which
 * the compiler may not leave out before the free. */

/* Overwrites text with zeros up to its NUL; NULL does nothing. */
void  vt_wipe_string   (char   *text);
/* vt_wipe_string(), then g_free(). */
void  vt_wipe_free     (char   *text);
/* Every text, CDATA and attribute value the document owns (not those its
 * dictionary shares), before xmlFreeDoc(). */
void  vt_wipe_xml_doc  (xmlDoc *doc);

G_END_DECLS
