import { describe, expect, it } from 'vitest';
import { sparklineGeometry, sparklineY } from './SparklinePath';

describe('sparklineGeometry', () => {
  it('spreads values over the width and scales 0..100 into the height, y downwards', () => {
    expect(sparklineGeometry([0, 50, 100], 102, 22)).toEqual({ path: 'M1 21 L51 11 L101 1', last: { x: 101, y: 1 } });
  });
  it('breaks the line at a missing value', () => {
    expect(sparklineGeometry([0, null, 100], 102, 22).path).toBe('M1 21 M101 1');
  });
  it('clamps values outside the scale and centres a single value', () => {
    expect(sparklineGeometry([150], 20, 22)).toEqual({ path: 'M10 1', last: { x: 10, y: 1 } });
    expect(sparklineGeometry([-5, 5], 22, 12, 0, 10).path).toBe('M1 11 L21 6');
  });
  it('draws nothing without values', () => {
    expect(sparklineGeometry([], 96, 24)).toEqual({ path: '', last: null });
    expect(sparklineGeometry([null, undefined], 96, 24)).toEqual({ path: '', last: null });
  });
  it('places a threshold on the same scale', () => {
    expect(sparklineY(90, 22)).toBe(3);
  });
});
