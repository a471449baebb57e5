// Charts of the target pages and the workbench, drawn with the vendored ECharts from the data each chart's
// element carries in data-chart (JSON written by the server): no inline script, so the
// Content-Security-Policy stays 'self'.
(function () {
  'use strict';
  var gradeColours = {excellent: '#1a7f37', good: '#2f6fb5', pass: '#b7791f', fail: '#c62828'};

  function ranking(d) {
    var n = d.names.length;
    return {
      grid: {left: 8, right: 48, top: 8, bottom: 8, containLabel: true},
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
      xAxis: {type: 'value'},
      yAxis: {type: 'category', inverse: true, data: d.names, axisLabel: {interval: 0}},
      series: [{type: 'bar', data: d.totals.map(function (v, i) {
        return {value: v, itemStyle: {color: gradeColours[d.grades[i]] || '#5b6570'}};
      }), label: {show: true, position: 'right'}, barMaxWidth: n > 20 ? 12 : 22}]
    };
  }

  function peers(d) {
    return {
      grid: {left: 8, right: 16, top: 24, bottom: 8, containLabel: true},
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
      xAxis: {type: 'category', data: d.counties, axisLabel: {interval: 0, rotate: 40}},
      yAxis: {type: 'value', name: d.unit, scale: true},
      series: [{type: 'bar', data: d.values.map(function (v, i) {
        return {value: v, itemStyle: {color: i === d.self ? '#c62828' : '#8aa4c1'}};
      }), label: {show: true, position: 'top', fontSize: 10}}]
    };
  }

  function trend(d) {
    return {
      grid: {left: 8, right: 24, top: 24, bottom: 8, containLabel: true},
      tooltip: {trigger: 'axis'},
      xAxis: {type: 'category', data: d.labels},
      yAxis: {type: 'value', inverse: true, min: 1, max: Math.max(d.counties, 1), minInterval: 1, name: d.name},
      series: [{type: 'line', data: d.ranks, label: {show: true}, symbolSize: 8, itemStyle: {color: '#c62828'}}]
    };
  }

  function track(d) {
    return {
      grid: {left: 8, right: 16, top: 28, bottom: 8, containLabel: true},
      tooltip: {trigger: 'axis'},
      legend: {data: d.names, top: 0},
      xAxis: {type: 'category', data: d.labels},
      yAxis: {type: 'value', scale: true},
      series: [
        {name: d.names[0], type: 'line', data: d.trajectory, lineStyle: {type: 'dashed'}, itemStyle: {color: '#5b6570'}},
        {name: d.names[1], type: 'line', data: d.actual, connectNulls: false, itemStyle: {color: '#2f6fb5'}}
      ]
    };
  }

  // late: the workbench's units with overdue items, worst at the top, overdue and red side by side.
  function late(d) {
    return {
      grid: {left: 8, right: 32, top: 28, bottom: 8, containLabel: true},
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
      legend: {data: d.series, top: 0},
      xAxis: {type: 'value', minInterval: 1},
      yAxis: {type: 'category', inverse: true, data: d.names, axisLabel: {interval: 0}},
      series: [
        {name: d.series[0], type: 'bar', data: d.overdue, itemStyle: {color: '#c62828'}, label: {show: true, position: 'right'}, barMaxWidth: 14},
        {name: d.series[1], type: 'bar', data: d.red, itemStyle: {color: '#e57373'}, label: {show: true, position: 'right'}, barMaxWidth: 14}
      ]
    };
  }

  // bars: a few counts side by side (the proposals' classes and verdicts).
  function bars(d) {
    return {
      grid: {left: 8, right: 16, top: 24, bottom: 8, containLabel: true},
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
      xAxis: {type: 'category', data: d.labels, axisLabel: {interval: 0}},
      yAxis: {type: 'value', minInterval: 1, name: d.unit},
      series: [{type: 'bar', data: d.values, itemStyle: {color: '#2f6fb5'}, label: {show: true, position: 'top'}, barMaxWidth: 40}]
    };
  }

  var builders = {late: late, ranking: ranking, peers: peers, trend: trend, track: track, bars: bars};

  function draw() {
    var charts = [];
    document.querySelectorAll('.chart[data-chart]').forEach(function (el) {
      var d = JSON.parse(el.getAttribute('data-chart'));
      var build = builders[d.kind];
      if (!build) {
        return;
      }
      var chart = echarts.init(el, null, {renderer: 'canvas'});
      chart.setOption(build(d));
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
