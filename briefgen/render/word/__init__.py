"""Word documents (DOCX) from the same rendered HTML the PDF is made of, on named Word styles.

The HTML a document template renders is read with lxml.html and written with python-docx into
a copy of the ministry's reference .docx (its body is dropped; its styles, header and footer
are kept). Only this subset of HTML is understood; every style is looked up BY NAME, and all of
them are checked before anything is written (a missing one raises StyleError):

==========================================  ================================================
HTML                                        Word
==========================================  ================================================
``h1`` / ``h2`` / ``h3``                    paragraph styles "Title" / "Heading 1" / "Heading 2"
``p``                                       "Normal", or the style named by ``data-docx-style``
``ul > li`` / ``ol > li``                   "List Bullet" / "List Number" (each ``ol`` restarts
                                            at 1, or at its ``start``)
nested ``ul`` / ``ol`` (one level)          "List Bullet 2" / "List Number 2"
``table`` (``caption``, ``thead``,          a table in table style "Briefgen Table"; ``thead``
``tbody``, ``tfoot``, ``tr``, ``th``,       rows repeat on every page (``w:tblHeader``); ``th``
``td``, ``colspan``, ``rowspan``)           is bold; widths from ``<col style="width: 30%">``
                                            or ``<col data-width="30%|40mm">``, else shared
``strong`` ``b`` / ``em`` ``i`` / ``u``     bold / italic / underline
``sub`` / ``sup`` / ``br``                  subscript / superscript / line break
``span class="x-y"``                        character style "X Y" where the reference has one
                                            (the built-in references have only "Overdue";
                                            ``class="overdue"`` is also bold)
``img src width height``                    inline picture, size in mm, cm, pt, in or px
                                            (px at 96 dpi); the file comes from
                                            ``resolve_image(src)``, None means refused: skipped
``div class="letterhead"``                  at the top of the body, ruled below (in the
                                            accent colour): as pack.css's flex row, a logo
                                            alone in the first paragraph goes beside the
                                            text; with ``letterhead-centred``, centred lines
``section div header main article``         transparent containers
``footer aside nav figure blockquote``
``script style template``, ``hidden``       skipped, as is anything with ``data-docx-skip``
                                            (e.g. a PDF-only fixed DRAFT mark)
anything else                               its text, as "Normal" paragraphs (text is never lost)
``<title>``, ``<meta name="author">``       core properties title, author, subject, keywords;
``description``, ``keywords``, ``<html       ``dcterms.created`` sets the created date
lang>``, ``dcterms.created``
``<meta name="briefgen:marking">``          "Marking" paragraph (bold, centred, in the marking
                                            colour) at the top of every page's header; in the
                                            footer line, centred
``<meta name="briefgen:draft">``            grey "Marking" paragraph in every page's header
``<meta name="briefgen:page-label">``       at the right of the "Small" footer line, as the
                                            PDF's bottom margin; ``{page}`` and ``{pages}``
                                            become PAGE and NUMPAGES fields
``<meta name="briefgen:footer">``           at the left of that footer line
==========================================  ================================================

Whitespace collapses as a browser collapses it. Characters XML cannot hold are dropped. Every
run names the Latin font; runs holding Thai (every run when the language is Thai) also carry
the complex-script font and size and ``w:lang w:bidi="th-TH"``; Thai size = the style's size x
complex_size_pt / font_size_pt. The profile's sizes and fonts are set on "Normal".

Spacing follows the PDF when ``DocxSettings.line_pitch_pt`` is set (the profile's PDF size x
CSS line-height): every text style gets EXACT line spacing, that pitch scaled by the style's
size against "Normal"'s, and the space before and after of pack.css (PDF_LAYOUT); table cells
get the table style's pitch and about the CSS cell padding; a list's last item, the paragraph
after a table and the letterhead get the bottom margins of the list, the table and the
letterhead. Word's "single" spacing would follow the font's own line metrics, and TH Sarabun
New's make its lines about 1.6x the PDF's. Paragraphs holding a picture keep automatic
("single") spacing, so the picture is never clipped. Without line_pitch_pt, the reference's
spacing stays.

The fonts the runs use are embedded in the file (``fonts``), so that the DOCX is drawn the same
on a machine without them; a section wider than high is marked landscape; the profile's accent
colour goes on "Title" and "Heading 1".

Modules, by concern: ``writer`` (the HTML walk), ``options`` (style names, tags, settings),
``ooxml`` (low-level WordprocessingML), ``elements`` (paragraphs and runs made with lxml as
python-docx makes them, for speed), ``inline`` (tokens, whitespace, lengths), ``runs`` (runs
and fonts), ``page`` (page and furniture), ``tables``, ``numbering``, ``pictures``,
``spacing`` (the PDF's spacing), ``fonts`` and ``fontuse`` (embedded fonts), ``styles`` (the
style index), ``package`` and ``reference`` (the reference document) and ``save`` (the zip,
with the fonts deflated once per process).
"""

from briefgen.render.word.options import PDF_LAYOUT, TABLE_STYLE, DocxSettings
from briefgen.render.word.reference import build_reference_docx
from briefgen.render.word.writer import html_to_docx

__all__ = ["PDF_LAYOUT", "TABLE_STYLE", "DocxSettings", "build_reference_docx", "html_to_docx"]
