// Marker outlines drawn here rather than by recharts' <Symbols>: its d3 path is rounded
// differently in the Node (CommonJS) and browser (ES module) builds of victory-vendor, which
// breaks hydration. Pure: each path is centred on (0, 0); place it with a translate.

export type MarkerShape = 'circle' | 'triangle' | 'diamond' | 'square' | 'star' | 'cross' | 'triangleDown'

const r2 = (n: number) => Number(n.toFixed(2))
const polygon = (points: [number, number][]) => `M${points.map(([x, y]) => `${r2(x)},${r2(y)}`).join('L')}Z`

/** A marker outline of roughly the same visual weight whatever the shape; `radius` is a circle's. */
export function markerPath(shape: MarkerShape, radius: number): string {
  const r = radius
  switch (shape) {
    case 'circle':
      return `M${r2(r)},0A${r2(r)},${r2(r)},0,1,1,${r2(-r)},0A${r2(r)},${r2(r)},0,1,1,${r2(r)},0Z`
    case 'square':
      return polygon([
        [-r * 0.9, -r * 0.9],
        [r * 0.9, -r * 0.9],
        [r * 0.9, r * 0.9],
        [-r * 0.9, r * 0.9],
      ])
    case 'triangle': {
      const R = r * 1.35
      return polygon([
        [0, -R],
        [R * 0.866, R / 2],
        [-R * 0.866, R / 2],
      ])
    }
    case 'triangleDown': {
      const R = r * 1.35
      return polygon([
        [0, R],
        [R * 0.866, -R / 2],
        [-R * 0.866, -R / 2],
      ])
    }
    case 'diamond':
      return polygon([
        [0, -r * 1.4],
        [r * 0.85, 0],
        [0, r * 1.4],
        [-r * 0.85, 0],
      ])
    case 'star': {
      const points: [number, number][] = []
      for (let i = 0; i < 10; i++) {
        const R = i % 2 === 0 ? r * 1.45 : r * 0.6
        const a = (Math.PI / 5) * i - Math.PI / 2
        points.push([R * Math.cos(a), R * Math.sin(a)])
      }
      return polygon(points)
    }
    case 'cross': {
      const a = r * 0.4
      const b = r * 1.15
      return polygon([
        [-a, -b],
        [a, -b],
        [a, -a],
        [b, -a],
        [b, a],
        [a, a],
        [a, b],
        [-a, b],
        [-a, a],
        [-b, a],
        [-b, -a],
        [-a, -a],
      ])
    }
  }
}
