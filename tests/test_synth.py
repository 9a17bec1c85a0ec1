from station.synth.render import a4_size, render_text_page


def test_rendered_page_is_a4_with_ink():
    page = render_text_page("Sehr geehrte Damen und Herren,\nhiermit kündige ich.", dpi=150)
    assert page.size == a4_size(150)
    assert page.getextrema() == (0, 255)
