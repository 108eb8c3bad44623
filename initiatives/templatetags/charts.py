"""`{% load charts %}{% indicator_chart indicator %}`: an indicator's chart in a template."""

from django import template

from initiatives.charts import render_indicator_chart

register = template.Library()


@register.simple_tag(takes_context=True)
def indicator_chart(context, indicator, measurements=None):
    """The SVG chart with its description and table; see `initiatives.charts`."""
    return render_indicator_chart(indicator, measurements, request=context.get("request"))
