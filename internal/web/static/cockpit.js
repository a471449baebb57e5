// The leaders' cockpit's charts, drawn with the vendored ECharts from the data each chart's
// element carries in data-chart (JSON written by the server): no inline script, so the
// Content-Security-Policy stays 'self'. On the big screen (body.ck-screen) the text is light
// on the dark page.
(function () {
  'use strict';
  var big = document.body.classList.contains('ck-screen');
  var ink = big ? '#e6edf5' : '#1f2933';
  var line = big ? '#3a4a5e' : '#d5dbe1';
  var size = big ? 18 : 12;

  function axis(extra) {
    var a = {axisLabel: {color: ink, fontSize: size}, axisLine: {lineStyle: {color: line}},
      splitLine: {lineStyle: {color: line}}};
    for (var k in extra) { a[k] = extra[k]; }
    return a;
  }

  // lights: the open items by light, as a ring with the counts.
  function lights(d) {
    return {
      tooltip: {trigger: 'item'},
      series: [{type: 'pie', radius: ['45%', '72%'], avoidLabelOverlap: true,
        label: {color: ink, fontSize: size, formatter: '{b}\n{c}'},
        data: d.names.map(function (n, i) { return {name: n, value: d.values[i], itemStyle: {color: d.colors[i]}}; })}]
    };
  }

  // schedule: ahead, on schedule, behind, completed side by side.
  function schedule(d) {
    return {
      grid: {left: 8, right: 16, top: 24, bottom: 8, containLabel: true},
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
      xAxis: axis({type: 'category', data: d.names}),
      yAxis: axis({type: 'value', minInterval: 1}),
      series: [{type: 'bar', barMaxWidth: 48, label: {show: true, position: 'top', color: ink, fontSize: size},
        data: d.values.map(function (v, i) { return {value: v, itemStyle: {color: d.colors[i]}}; })}]
    };
  }

  // trend: the year's on-time rate to date, week by week.
  function trend(d) {
    return {
      grid: {left: 8, right: 24, top: 24, bottom: 8, containLabel: true},
      tooltip: {trigger: 'axis', valueFormatter: function (v) { return v + '%'; }},
      xAxis: axis({type: 'category', data: d.labels, boundaryGap: false}),
      yAxis: axis({type: 'value', min: 0, max: 100, axisLabel: {color: ink, fontSize: size, formatter: '{value}%'}}),
      series: [{name: d.name, type: 'line', data: d.values, smooth: true, symbolSize: 6,
        itemStyle: {color: '#2f6fb5'}, areaStyle: {opacity: 0.15}}]
    };
  }

  // overdue: the units with overdue items, worst at the top, overdue and red side by side.
  function overdue(d) {
    return {
      grid: {left: 8, right: 32, top: 28, bottom: 8, containLabel: true},
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
      legend: {data: d.series, top: 0, textStyle: {color: ink, fontSize: size}},
      xAxis: axis({type: 'value', minInterval: 1}),
      yAxis: axis({type: 'category', inverse: true, data: d.names, axisLabel: {interval: 0, color: ink, fontSize: size,
        width: big ? 260 : 110, overflow: 'truncate'}}),
      series: [
        {name: d.series[0], type: 'bar', data: d.overdue, itemStyle: {color: '#c62828'}, barMaxWidth: 14,
          label: {show: true, position: 'right', color: ink}},
        {name: d.series[1], type: 'bar', data: d.red, itemStyle: {color: '#e57373'}, barMaxWidth: 14,
          label: {show: true, position: 'right', color: ink}}
      ]
    };
  }

  var builders = {lights: lights, schedule: schedule, trend: trend, overdue: overdue};

  function draw() {
    var charts = [];
    document.querySelectorAll('.chart[data-chart]').forEach(function (el) {
      var d = JSON.parse(el.getAttribute('data-chart'));
      var build = builders[d.kind];
      if (!build || typeof echarts === 'undefined') {
        return;
      }
      var chart = echarts.init(el, null, {renderer: 'canvas'});
      var option = build(d);
      option.animation = false; // drawn at once: the wall screen redraws every minute
      chart.setOption(option);
      el.setAttribute('data-rendered', 'true');
      charts.push(chart);
    });
    window.addEventListener('resize', function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
