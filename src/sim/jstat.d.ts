/** The part of jstat the toolkit uses (the package ships no types). */
declare module "jstat" {
  const jStat: {
    beta: {
      inv(p: number, a: number, b: number): number;
      cdf(x: number, a: number, b: number): number;
    };
    chisquare: {
      inv(p: number, dof: number): number;
      cdf(x: number, dof: number): number;
    };
  };
  export default jStat;
}
