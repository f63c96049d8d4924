/* Overwriting what a citizen typed before it is freed (vt-wipe.h). */
#define G_LOG_DOMAIN "vt-wipe"

#include "config.h"

#include <string.h>

#include "vt-wipe.h"

void
vt_wipe_string (char *text)
{
  if (text != NULL)
    explicit_bzero (text, strlen (text));
}

void
vt_wipe_free (char *text)
{
  vt_wipe_string (text);
  g_free (text);
}

static void
wipe_content (xmlDoc  *doc,
              xmlChar *content)
{
  if (content != NULL && (doc->dict == NULL || !xmlDictOwns (doc->dict, content)))
    vt_wipe_string ((char *) content);
}

static void
wipe_nodes (xmlDoc  *doc,
            xmlNode *node)
{
  for (; node != NULL; node = node->next)
    {
      switch (node->type)
        {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
        case XML_COMMENT_NODE:
        case XML_PI_NODE:
          wipe_content (doc, node->content);
          break;
        case XML_ELEMENT_NODE:
          for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
            wipe_nodes (doc, attr->children);
          wipe_nodes (doc, node->children);
          break;
        default:
          break;
        }
    }
}

void
vt_wipe_xml_doc (xmlDoc *doc)
{
  if (doc != NULL)
    wipe_nodes (doc, doc->children);
}
