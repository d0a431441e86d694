export default function Empty({ children }) {
  return <p className="empty">{children}</p>;
}
